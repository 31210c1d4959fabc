/** Reading JSON of unknown shape (from the server or from storage) without trusting it. */

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A field that should be a string: anything else reads as empty, so callers need no checks. */
export function readString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
