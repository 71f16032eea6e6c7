// Small DOM helpers: create elements, change text only when it differs, keyed list updates.

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

function applyAttrs(node: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  applyAttrs(node, attrs);
  append(node, children);
  return node;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  applyAttrs(node, attrs);
  append(node, children);
  return node;
}

/** The element with this id; a missing one is a bug in the page's HTML. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing`);
  return node as T;
}

export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Text that may be cut off with an ellipsis: the full text also shows on hover (and long-press). */
export function setClippedText(node: Element, text: string): void {
  setText(node, text);
  setAttr(node, 'title', text || null);
}

/** How many of a scrolling list's rows are not (fully) in sight: the screen says so instead of hiding them. */
export function rowsOutOfSight(list: HTMLElement): number {
  const bottom = list.getBoundingClientRect().bottom + 1;
  let hidden = 0;
  for (let row = list.lastElementChild; row; row = row.previousElementSibling) {
    if (row.getBoundingClientRect().bottom <= bottom) break;
    hidden++;
  }
  return hidden;
}

export function setAttr(node: Element, name: string, value: string | null): void {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

export function toggleClass(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}

/**
 * Makes `container`'s children the rows for `items`, in order, reusing the row already made for a key:
 * `create` makes a new row, `update` refreshes one (also right after `create`). Rows of keys no
 * longer present are removed. Only rows out of place are moved.
 */
export function reconcile<T, E extends Element>(
  container: Element,
  rows: Map<string, E>,
  items: readonly T[],
  key: (item: T) => string,
  create: (item: T) => E,
  update: (row: E, item: T) => void,
): void {
  const wanted = new Set<string>();
  for (const item of items) wanted.add(key(item));
  for (const [k, row] of rows) {
    if (!wanted.has(k)) {
      row.remove();
      rows.delete(k);
    }
  }
  let cursor: Element | null = container.firstElementChild;
  for (const item of items) {
    const k = key(item);
    let row = rows.get(k);
    if (!row) {
      row = create(item);
      rows.set(k, row);
    }
    update(row, item);
    if (row === cursor) {
      cursor = cursor.nextElementSibling;
    } else {
      container.insertBefore(row, cursor);
    }
  }
  // anything after the last wanted row that is not one of ours (e.g. an "empty" note) stays put
}
