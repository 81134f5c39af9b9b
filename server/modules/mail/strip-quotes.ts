/**
 * The plain-text view of a reply: what the sender wrote, without the quoted history that
 * mail clients append and without the signature. The full original stays in the raw mail.
 */

const CUT_MARKERS: RegExp[] = [
  /^-{2,}\s*(original message|ursprüngliche nachricht|originalnachricht|original[- ]nachricht|reply message)\s*-{2,}/i,
  /^_{10,}\s*$/, // Outlook's line above "From: … Sent: …"
];
const ATTRIBUTION: RegExp[] = [
  /^on\b.{4,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^am\b.{4,300}\bschrieb\b.{0,300}:\s*$/i,
  /^le\b.{4,300}\ba écrit\s*:\s*$/i,
  /^.{0,200}<[^>@\s]+@[^>\s]+>\s+(wrote|schrieb):\s*$/i,
];
const HEADER_BLOCK_START = /^\*?(from|von):\*?\s+\S/i;
const HEADER_BLOCK_NEXT = /^\*?(sent|gesendet|date|datum|to|an|subject|betreff):\*?\s/i;
const SIGNATURE = /^--\s?$/;
const MOBILE_FOOTER = /^(sent from my \w+|von meinem \w+ gesendet|gesendet von meinem \w+|get outlook for \w+)/i;

function isCut(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (CUT_MARKERS.some((r) => r.test(line))) return true;
  if (ATTRIBUTION.some((r) => r.test(line))) return true;
  // An attribution wrapped over two lines ("On Mon, 3 Mar 2026 at 10:00, Petra <p@x.de>" / "wrote:").
  const next = lines[i + 1]?.trim() ?? '';
  if (/^(on|am)\s/i.test(line) && /^(wrote|schrieb\b.*):\s*$/i.test(next)) return true;
  if (HEADER_BLOCK_START.test(line)) {
    const following = lines.slice(i + 1, i + 5).map((l) => l.trim());
    return following.filter((l) => HEADER_BLOCK_NEXT.test(l)).length >= 2;
  }
  return false;
}

/** Separators that only a forward has (Gmail, Thunderbird, Apple Mail, Outlook, Lotus; German and English). */
const FORWARD_MARKERS: RegExp[] = [
  /^-{2,}\s*(forwarded message|weitergeleitete nachricht|original message forwarded)\s*-{2,}/i,
  /^(begin forwarded message|anfang der weitergeleiteten nachricht)\s*:/i,
  /^-{2,}\s*(forwarded by|weitergeleitet von)\b/i,
];
/** Forward prefixes of subjects: Fwd, Fw, WG, W. (Outlook in German), TR (French), Wtr, Weiterleitung. */
const FORWARD_SUBJECT = /^\s*((re|aw|antw|sv|vs)\s*:\s*)*(fwd?|wg|w\.|wtr|tr|weiterleitung|weitergeleitet)\s*:/i;
/** Reply prefixes: a reply quotes history that is not the request. */
const REPLY_SUBJECT = /^\s*(re|aw|antw|sv|vs)\s*(\[\d+\])?\s*:/i;

/**
 * Is this mail a forward, whose quoted part is the request itself? By its subject prefix, by a
 * forward separator, or, for a mail that answers nothing (no reply prefix, no threading headers),
 * by a quoted original ("-----Ursprüngliche Nachricht-----", "Von: … Gesendet: …") under it:
 * someone passed a mail on to the helpdesk.
 */
export function isForward(subject: string, text: string, threaded: boolean): boolean {
  if (FORWARD_SUBJECT.test(subject)) return true;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.some((l) => FORWARD_MARKERS.some((r) => r.test(l.trim())))) return true;
  if (threaded || REPLY_SUBJECT.test(subject)) return false;
  return lines.some((_, i) => isCut(lines, i));
}

export function stripQuotedText(text: string): string {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((_, i) => isCut(lines, i));
  if (cut > 0) lines = lines.slice(0, cut);
  const signature = lines.findIndex((l) => SIGNATURE.test(l));
  if (signature > 0) lines = lines.slice(0, signature);
  // Trailing quoted lines, empty lines and mobile footers.
  while (lines.length > 0) {
    const last = lines[lines.length - 1]!.trim();
    if (last === '' || last.startsWith('>') || MOBILE_FOOTER.test(last)) lines.pop();
    else break;
  }
  const result = lines.join('\n').trim();
  // A mail that is nothing but a quote keeps its text rather than becoming empty.
  return result || text.trim();
}
