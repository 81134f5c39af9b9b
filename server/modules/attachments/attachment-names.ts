/**
 * What a client says about a file (its name, its type) is untrusted input: these functions
 * turn it into something safe to store, show and send back in headers.
 */

const MAX_FILENAME = 200;
const FALLBACK_NAME = 'attachment';

/** Control characters and the Unicode bidi/format marks that can disguise an extension. */
const UNSAFE_CHARS = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/gu;

/**
 * The last path segment of what the client sent ("../../etc/passwd" → "passwd",
 * "C:\\Users\\x\\report.pdf" → "report.pdf"), without control characters and leading dots,
 * at most 200 characters with the extension kept.
 */
export function sanitiseFilename(raw: string | undefined): string {
  const last = (raw ?? '').split(/[/\\]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(UNSAFE_CHARS, '')
    .replace(/^[.\s]+/, '')
    .trim();
  if ([...name].length > MAX_FILENAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 20 ? name.slice(dot) : '';
    name = [...name].slice(0, MAX_FILENAME - [...ext].length).join('') + ext;
  }
  return name || FALLBACK_NAME;
}

const TOKEN = '[a-z0-9][a-z0-9!#$&^_.+-]{0,126}';
const MIME = new RegExp(`^(${TOKEN})/(${TOKEN})$`);

/** The client's content type when it is a well-formed MIME type (charset kept), else octet-stream. */
export function safeContentType(raw: string | undefined): string {
  const [essence = '', ...params] = (raw ?? '')
    .toLowerCase()
    .split(';')
    .map((p) => p.trim());
  if (!MIME.test(essence)) return 'application/octet-stream';
  const charset = params.map((p) => /^charset="?([a-z0-9._-]{1,40})"?$/.exec(p)?.[1]).find(Boolean);
  return charset ? `${essence}; charset=${charset}` : essence;
}

/** RFC 6266 / RFC 5987: an ASCII fallback name plus the exact UTF-8 name. */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || FALLBACK_NAME}"; filename*=UTF-8''${encoded}`;
}
