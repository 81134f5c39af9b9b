/**
 * Legacy mail in the wild names no charset, or the wrong one (Shift_JIS labelled ISO-2022-JP,
 * GBK without a label, raw 8-bit Latin-1 in Subject and From). mailparser then reads the bytes
 * as UTF-8 and the agent sees mojibake. This pass looks at the header blocks of the raw mail and
 * at each text part's decoded bytes, and where the declared charset cannot be right (none given,
 * a 7-bit charset with 8-bit bytes, invalid UTF-8) it writes the detected charset into the
 * headers, so that mailparser decodes everything correctly. The stored raw mail is never changed:
 * only the copy handed to the parser is.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

const SEVEN_BIT = /^(us-ascii|ascii|iso-2022-[a-z0-9-]+|utf-7)$/i;
/** Below this confidence a detection of a short text is a guess; Windows-1252 is the safer one. */
const MIN_CONFIDENCE = 30;
const FALLBACK = 'windows-1252';

const LABEL_LANGUAGE: Record<string, string> = { 'iso-2022-jp': 'ja', 'iso-2022-jp-2': 'ja', 'iso-2022-kr': 'ko', 'iso-2022-cn': 'zh' };

const hasHighBytes = (buf: Buffer) => buf.some((b) => b >= 0x80);

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** The charset of bytes that declare none (or a wrong one): UTF-8 when valid, else the detector's best guess iconv-lite knows. */
export function detectCharset(buf: Buffer, label?: string): string {
  if (!hasHighBytes(buf) || isValidUtf8(buf)) return 'utf-8';
  const guesses = chardet.analyse(buf);
  // A wrong label still names the language: ISO-2022-JP on 8-bit bytes is Shift_JIS or EUC-JP.
  const language = LABEL_LANGUAGE[(label ?? '').toLowerCase()];
  const sameLanguage = language ? guesses.find((g) => g.lang === language && g.confidence > 0 && iconv.encodingExists(g.name)) : undefined;
  if (sameLanguage) return sameLanguage.name;
  for (const guess of guesses) {
    if (guess.confidence < MIN_CONFIDENCE) break;
    // UTF-8 and the 7-bit ISO-2022 family are ruled out above; UTF-16/32 in a text part is not a guess to trust.
    if (/^(utf|iso-2022)/i.test(guess.name)) continue;
    if (iconv.encodingExists(guess.name)) return guess.name;
  }
  return FALLBACK;
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const src = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const hex = src[i] === '=' ? src.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(src.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

interface Part {
  /** Byte offsets (latin1 string offsets) of the header block and the body. */
  headStart: number;
  headEnd: number;
  bodyEnd: number;
}

/** Header blocks and bodies: the message's own, and each one after a MIME boundary line. */
function partsOf(text: string): Part[] {
  const blank = /\r?\n\r?\n/g;
  const endOfHead = (from: number) => {
    blank.lastIndex = from;
    const m = blank.exec(text);
    return m ? m.index : text.length;
  };
  const boundaries = [...text.matchAll(/boundary\s*=\s*"?([^";\r\n]+)"?/gi)].map((m) => m[1]!.trim()).filter(Boolean);
  const starts: number[] = [0];
  const ends: number[] = [];
  for (const boundary of new Set(boundaries)) {
    const marker = `\n--${boundary}`;
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      ends.push(at);
      const lineEnd = text.indexOf('\n', at + 1);
      if (lineEnd > 0 && !text.startsWith('--', at + marker.length)) starts.push(lineEnd + 1);
    }
  }
  return starts.map((headStart) => {
    const headEnd = endOfHead(headStart);
    const bodyEnd = Math.min(text.length, ...ends.filter((e) => e > headEnd));
    return { headStart, headEnd, bodyEnd };
  });
}

function headerValue(head: string, name: string): string | undefined {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1];
}

/** The decoded bytes of a part's body (base64, quoted-printable or as they are). */
function bodyBytes(head: string, body: string): Buffer {
  const encoding = (headerValue(head, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

/** A text part's Content-Type with the charset it really has, or undefined when the declared one is right. */
function repairedContentType(head: string, body: string): { from: string; to: string } | undefined {
  const type = headerValue(head, 'content-type');
  if (type !== undefined && !/^\s*text\//i.test(type)) return undefined;
  const bytes = bodyBytes(head, body);
  if (!hasHighBytes(bytes)) return undefined;
  const declared = type ? /charset\s*=\s*"?([^";\s]+)"?/i.exec(type)?.[1] : undefined;
  const wrong = !declared || SEVEN_BIT.test(declared) || (/^utf-?8$/i.test(declared) && !isValidUtf8(bytes)) || !iconv.encodingExists(declared);
  if (!wrong) return undefined;
  const charset = detectCharset(bytes, declared);
  if (declared && charset === 'utf-8' && /^utf-?8$/i.test(declared)) return undefined;
  const base = type ? type.replace(/;?\s*charset\s*=\s*"?[^";\s]+"?/i, '').trim() : 'text/plain';
  return { from: type ?? '', to: `${base}; charset=${charset}` };
}

const ENCODED_WORD = /=\?([^?*]+)(\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g;

/** The bytes of an encoded word that declares a 7-bit (or unknown) charset but carries 8-bit bytes. */
function mislabelledWord(charset: string, enc: string, data: string): Buffer | undefined {
  if (!SEVEN_BIT.test(charset) && iconv.encodingExists(charset)) return undefined;
  const bytes = enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
  return hasHighBytes(bytes) ? bytes : undefined;
}

/** Such encoded words get the charset detected on all of them together (short words alone are guesses). */
function repairEncodedWords(line: string, charset: string): string {
  return line.replace(ENCODED_WORD, (word, label: string, _lang, enc: string, data: string) => {
    const bytes = mislabelledWord(label, enc, data);
    return bytes ? `=?${charset}?B?${bytes.toString('base64')}?=` : word;
  });
}

function wordsCharset(heads: string[]): string {
  const bytes: Buffer[] = [];
  let label: string | undefined;
  for (const head of heads) {
    for (const m of head.matchAll(ENCODED_WORD)) {
      const found = mislabelledWord(m[1]!, m[3]!, m[4]!);
      if (found) {
        bytes.push(found, Buffer.from(' '));
        label ??= m[1];
      }
    }
  }
  return bytes.length ? detectCharset(Buffer.concat(bytes), label) : 'utf-8';
}

/**
 * The raw mail, with its headers saying what its bytes really are. Header lines with raw 8-bit
 * bytes that are not UTF-8 are converted to UTF-8 (which mailparser reads, RFC 6532).
 */
export function repairCharsets(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const parts = partsOf(text);
  // One charset for all raw 8-bit header bytes: a mail comes from one client with one setting.
  const headerBytes = Buffer.from(parts.map((p) => text.slice(p.headStart, p.headEnd).replace(/[\x00-\x7f]+/g, ' ')).join(''), 'latin1');
  const headerCharset = detectCharset(headerBytes);
  const encodedWordCharset = wordsCharset(parts.map((p) => text.slice(p.headStart, p.headEnd)));
  let changed = false;
  let out = '';
  let at = 0;
  for (const part of parts.sort((a, b) => a.headStart - b.headStart)) {
    if (part.headStart < at) continue;
    let head = text.slice(part.headStart, part.headEnd);
    const original = head;
    if (headerCharset !== 'utf-8') {
      head = head.replace(/[^\r\n]*[\x80-\xff][^\r\n]*/g, (line) => Buffer.from(iconv.decode(Buffer.from(line, 'latin1'), headerCharset), 'utf8').toString('latin1'));
    }
    head = head.replace(/[^\r\n]*=\?[^\r\n]*/g, (line) => repairEncodedWords(line, encodedWordCharset));
    const repaired = repairedContentType(original, text.slice(part.headEnd, part.bodyEnd));
    if (repaired) {
      if (repaired.from) head = head.replace(/^content-type:[ \t]*[^\r\n]*(\r?\n[ \t]+[^\r\n]*)*/im, `Content-Type: ${repaired.to}`);
      else head = `${head}${head.includes('\r\n') ? '\r\n' : '\n'}Content-Type: ${repaired.to}`;
    }
    if (head !== original) changed = true;
    out += text.slice(at, part.headStart) + head;
    at = part.headEnd;
  }
  if (!changed) return raw;
  return Buffer.from(out + text.slice(at), 'latin1');
}
