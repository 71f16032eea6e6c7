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

/**
 * How many of a scrolling list's rows are not (wholly) in sight below its fold: the screen says so instead of
 * hiding them. An IntersectionObserver tells which rows are wholly in sight as the browser lays the page out
 * anyway, so counting never forces a layout (measuring every row after each update did, in the middle of a
 * burst of changes). `changed` runs when the count may have changed: a row came into or out of sight.
 */
export class RowsOutOfSight {
  private readonly observer: IntersectionObserver;
  private readonly observed = new Set<Element>();
  private readonly inSight = new Set<Element>();
  /** Rows observed whose first report has not come yet: the count waits for them. */
  private readonly unreported = new Set<Element>();

  constructor(private readonly list: HTMLElement, changed: () => void) {
    // a pixel's slack, as a row that ends on the list's last pixel is in sight
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!this.observed.has(e.target)) continue; // removed meanwhile
        this.unreported.delete(e.target);
        if (e.intersectionRatio >= 1) this.inSight.add(e.target);
        else this.inSight.delete(e.target);
      }
      if (this.unreported.size === 0) changed();
    }, { root: list, threshold: 1, rootMargin: '1px' });
  }

  /** After the list's rows changed: watches the new rows, forgets the removed ones. */
  sync(): void {
    for (const row of this.observed) {
      if (row.parentNode === this.list) continue;
      this.observer.unobserve(row);
      this.observed.delete(row);
      this.inSight.delete(row);
      this.unreported.delete(row);
    }
    for (let row = this.list.firstElementChild; row; row = row.nextElementSibling) {
      if (this.observed.has(row)) continue;
      this.observed.add(row);
      this.unreported.add(row);
      this.observer.observe(row);
    }
  }

  /** False while a new row has not been seen laid out yet (its count would be a guess: the observer's report follows). */
  get settled(): boolean {
    return this.unreported.size === 0;
  }

  /** The rows after the last one wholly in sight (all of them if none is). */
  count(): number {
    let hidden = 0;
    for (let row = this.list.lastElementChild; row; row = row.previousElementSibling) {
      if (this.inSight.has(row)) break;
      hidden++;
    }
    return hidden;
  }
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
