/**
 * One error type for the whole server. Domain code throws AppError with a code;
 * the HTTP layer maps the code to a status through STATUS_OF, which the compiler
 * forces to be complete.
 */
import { z } from 'zod';

export type ErrorCode =
  | 'invalid_input'
  | 'invalid_json'
  | 'not_signed_in'
  | 'forbidden'
  | 'csrf_failed'
  /** Signed in with a generated password: only the password change is answered until then. */
  | 'password_change_required'
  /** Sign-in of a person with two factors: the password was right, the authenticator code is missing or wrong. */
  | 'totp_required'
  | 'totp_invalid'
  | 'not_found'
  | 'stale_version'
  | 'conflict'
  /** A delete of something tickets, people or settings still refer to (deactivate it instead). */
  | 'in_use'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  /** A search that ran past its time budget (platform/search/search-budget.ts). */
  | 'search_timeout'
  | 'internal';

export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  not_signed_in: 401,
  forbidden: 403,
  csrf_failed: 403,
  password_change_required: 403,
  totp_required: 401,
  totp_invalid: 401,
  not_found: 404,
  stale_version: 409,
  conflict: 409,
  in_use: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  search_timeout: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  /** Extra data that belongs in the error body, e.g. the current ticket on a 409. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { fields?: Record<string, string>; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('forbidden', message);
export const invalid = (message: string, fields?: Record<string, string>) => new AppError('invalid_input', message, fields ? { fields } : {});

/**
 * The one error body every route answers with (documented for each operation in
 * http/openapi-operations.ts). Extra facts of an error (e.g. `mergedInto` on a 409) sit beside
 * code and message.
 */
export const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.enum(Object.keys(STATUS_OF) as [ErrorCode, ...ErrorCode[]]),
        message: z.string().describe('A sentence for people, in English; clients translate by code and fields.'),
        fields: z.record(z.string(), z.string()).optional().describe('Per input field: what is wrong with it.'),
      })
      .catchall(z.unknown()),
  })
  .describe('An error');

/** What still refers to a row an admin wants to delete: "12 tickets", "3 members". */
export interface Use {
  count: number;
  /** The plural noun ("tickets"); the singular is used for one. */
  what: string;
  one: string;
}

/**
 * The 409 of a delete that would orphan references: says what still uses the thing, and that
 * deactivating it is the way to retire it. `uses` lists only counts above zero.
 */
export function inUse(subject: string, uses: Use[]): AppError {
  const list = uses.map((u) => `${u.count} ${u.count === 1 ? u.one : u.what}`).join(', ');
  return new AppError('in_use', `${subject} is still used by ${list}; deactivate it instead of deleting it.`, {
    details: { uses: Object.fromEntries(uses.map((u) => [u.what, u.count])) },
  });
}
