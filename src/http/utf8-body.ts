import { isUtf8 } from 'node:buffer';

/** The `type` of the error a body that is not UTF-8 is refused with; failure.ts maps it. */
export const NOT_UTF8 = 'entity.not.utf8';

/**
 * body-parser's `verify`: a body declared (or taken to be) UTF-8 must be UTF-8. Otherwise its
 * decoder replaces each bad byte with U+FFFD, and a payload or variable would silently differ
 * from what the client sent, byte for byte; an overlong `/` (C0 AF) would pass unseen.
 */
export function requireUtf8(_request: unknown, _response: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8' || isUtf8(body)) return;
  throw Object.assign(new Error('request body is not valid UTF-8'), { type: NOT_UTF8, status: 400 });
}
