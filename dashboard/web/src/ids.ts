// Client-made ids. A whistle id is made once per form so that a resubmitted whistle is one incident.
// crypto.randomUUID exists only in secure contexts (https or localhost); a township LAN page served
// over plain http has crypto.getRandomValues, so that is the fallback.

const ALLOWED = /^[A-Za-z0-9._-]{1,64}$/;

function uuidFromRandomBytes(): string {
  const bytes = new Uint8Array(16);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newUuid(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // not a secure context
    }
  }
  return uuidFromRandomBytes();
}

/** "w-" and a UUID: 38 characters of [A-Za-z0-9-]. */
export function newWhistleId(): string {
  const id = `w-${newUuid()}`;
  return ALLOWED.test(id) ? id : `w-${uuidFromRandomBytes()}`;
}

export const isValidWhistleId = (id: string): boolean => ALLOWED.test(id);
