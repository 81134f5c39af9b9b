import { ApiError } from './api-client.ts';

/**
 * The server's error texts are English sentences for API users; people read the web app's own
 * text in their language instead. Errors are recognised by code (never by message), field
 * problems by the fixed sentences of the contracts (shared/contracts, shared/zod-errors.ts).
 */
type Translate = (key: string, options?: Record<string, unknown>) => string;

const FIELD_PATTERNS: Array<[RegExp, string, (m: RegExpExecArray) => Record<string, unknown>]> = [
  [/^This field is required\.$|^Required\.$/, 'errors.required', () => ({})],
  [/^This field cannot be empty\.$|^Enter |^Describe |^Write |^Give |^Choose |cannot be empty\.$/, 'errors.empty', () => ({})],
  [/^Too long: at most (\d+) characters\.$|^At most (\d+) characters\.$/, 'errors.tooLong', (m) => ({ max: m[1] ?? m[2] })],
  [/^Too short: at least (\d+) characters\.$|^At least (\d+) characters\.$/, 'errors.tooShort', (m) => ({ min: m[1] ?? m[2] })],
  [/^Expected a whole number\.$|^Expected a number\.$/, 'errors.number', () => ({})],
  [/^Must be one of: (.*)\.$/, 'errors.oneOf', (m) => ({ values: m[1] })],
  [/^Enter a valid e-mail address\.$|^Invalid email/, 'errors.email', () => ({})],
  [/^Already taken\.$/, 'errors.taken', () => ({})],
  [/^Unknown /, 'errors.unknownReference', () => ({})],
  [/^Invalid, used or expired\.$/, 'errors.linkInvalid', () => ({})],
  [/^Wrong password\.$/, 'errors.wrongPassword', () => ({})],
  [/^Not an agent\.$|^This user is a customer\.$/, 'errors.notAnAgent', () => ({})],
  [/^From 1 to 5\.$/, 'errors.rating', () => ({})],
  [/^Wrong code\.$/, 'identity.wrongCode', () => ({})],
];

/** A field problem in the reader's language; unknown sentences stay as they are in English only. */
export function fieldMessage(message: string, t: Translate, language: string): string {
  for (const [pattern, key, params] of FIELD_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return t(key, params(match));
  }
  return language.startsWith('en') ? message : t('errors.invalidField');
}

const BY_CODE: Record<string, string> = {
  invalid_input: 'errors.invalidInput',
  invalid_json: 'errors.invalidInput',
  not_signed_in: 'errors.notSignedIn',
  csrf_failed: 'errors.csrf',
  stale_version: 'errors.stale',
  conflict: 'errors.conflict',
  in_use: 'errors.inUse',
  password_change_required: 'passwordChange.required',
  totp_required: 'identity.totpRequired',
  totp_invalid: 'identity.totpInvalid',
  too_large: 'errors.tooLarge',
  unsupported_media_type: 'errors.unsupportedMedia',
  search_timeout: 'errors.searchTimeout',
  rate_limited: 'common.rateLimited',
  forbidden: 'common.forbidden',
  not_found: 'common.notFound',
  internal: 'common.unexpected',
  // The answer did not match its contract (shared/contracts); the details are in the console.
  invalid_response: 'common.unexpected',
};

/** What went wrong, in the reader's language. */
export function errorText(error: unknown, t: Translate, language: string): string {
  if (!(error instanceof ApiError)) return t('common.unexpected');
  if (error.status === 0) return t('common.offline');
  const mergedInto = error.details.mergedInto;
  if (error.code === 'conflict' && typeof mergedInto === 'number') return t('errors.mergedInto', { id: mergedInto });
  // One field at fault: name it ("Betreff: zu lang …") rather than "see the fields".
  const fields = Object.entries(error.fields);
  if (error.code === 'invalid_input' && fields.length === 1) {
    const [field, message] = fields[0]!;
    return `${t(`fields.${field}`, { defaultValue: field })}: ${fieldMessage(message, t, language)}`;
  }
  const key = BY_CODE[error.code] ?? (error.status === 404 ? 'common.notFound' : error.status === 403 ? 'common.forbidden' : error.status === 429 ? 'common.rateLimited' : undefined);
  if (key) return t(key);
  return language.startsWith('en') ? error.message : t('common.unexpected');
}

/** The field problems of an API error in the reader's language ({} for other errors). */
export function fieldMessages(error: unknown, t: Translate, language: string): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(Object.entries(error.fields).map(([field, message]) => [field, fieldMessage(message, t, language)]));
}
