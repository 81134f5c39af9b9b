import { AppError } from '../errors.ts';

/**
 * Keyset cursors are base64url JSON arrays that the API hands out and clients hand back. A
 * client can send anything instead, so every part is checked against what the list expects
 * before it reaches SQL: PostgreSQL fails the whole statement (a 500) on an integer beyond
 * its range, "NaN" for an integer, or a NUL in text.
 *   id         an integer primary key, 1 … 2^31-1
 *   rank       a small integer sort key, 0 … 2^31-1
 *   timestamp  an ISO 8601 UTC time as we store it
 *   score      a finite number (search relevance)
 *   text       a string of at most 500 characters without NUL
 */
export type CursorPart = 'id' | 'rank' | 'timestamp' | 'score' | 'text';
type PartValue<P extends CursorPart> = P extends 'timestamp' | 'text' ? string : number;
export type CursorOf<Parts extends readonly CursorPart[]> = { -readonly [K in keyof Parts]: PartValue<Parts[K]> };

const INT_MAX = 2_147_483_647;
const MAX_TEXT = 500;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function validPart(part: CursorPart, value: unknown): boolean {
  switch (part) {
    case 'id':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= INT_MAX;
    case 'rank':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= INT_MAX;
    case 'score':
      return typeof value === 'number' && Number.isFinite(value);
    case 'timestamp':
      return typeof value === 'string' && ISO_UTC.test(value) && Number.isFinite(Date.parse(value));
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT && !value.includes('\u0000');
  }
}

export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The cursor's parts, or a 400 that tells the client to start from the first page. */
export function decodeCursor<const Parts extends readonly CursorPart[]>(raw: string, parts: Parts): CursorOf<Parts> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === parts.length && parts.every((part, i) => validPart(part, value[i]))) {
    return value as CursorOf<Parts>;
  }
  throw new AppError('invalid_input', 'The cursor is not valid; start again from the first page.', { fields: { cursor: 'Not a cursor from this API (or from another sort order).' } });
}
