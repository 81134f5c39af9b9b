/**
 * Bounds on the header section of an inbound mail. A mail with 100,000 repeated headers once
 * kept the process busy for minutes (before the SMTP answer and again in every retry); real
 * mail has a few dozen headers and rarely more than a few kilobytes of them.
 */
export const HEADER_LIMITS = { maxCount: 1000, maxBytes: 256 * 1024 };

export type HeaderLimits = typeof HEADER_LIMITS;

/**
 * Why the header section of `raw` is beyond the limits, as a sentence for the sender, or
 * undefined when it is fine. One linear pass that never reads past `maxBytes`, cheap enough to
 * run before the SMTP 250.
 */
export function headerLimitExceeded(raw: Buffer, limits: HeaderLimits = HEADER_LIMITS): string | undefined {
  const end = Math.min(raw.length, limits.maxBytes);
  let count = 0;
  for (let start = 0; start < end;) {
    const newline = raw.indexOf(0x0a, start);
    const lineEnd = newline < 0 || newline >= end ? end : newline;
    const empty = lineEnd === start || (lineEnd === start + 1 && raw[start] === 0x0d);
    if (empty && newline >= 0 && newline < end) return undefined;
    // A line starting with a space or tab continues the previous header field.
    if (!empty && raw[start] !== 0x20 && raw[start] !== 0x09 && ++count > limits.maxCount) {
      return `The message has more than ${limits.maxCount} header fields; we do not accept it.`;
    }
    if (newline < 0 || newline >= end) break;
    start = newline + 1;
  }
  if (raw.length > limits.maxBytes) return `The message's header section is larger than ${Math.round(limits.maxBytes / 1024)} KB; we do not accept it.`;
  return undefined;
}
