import type { VolumeRowDto } from '../../../shared/contracts/reports.ts';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A text that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return that
 * hides one) gets a leading apostrophe, so a category named "=HYPERLINK(…)" stays text.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The volume rows as CSV with a header line, CRLF line ends as spreadsheets expect. */
export function volumeCsv(rows: VolumeRowDto[]): string {
  const lines = [['key', 'label', 'created', 'resolved'].join(',')];
  for (const r of rows) lines.push([csvCell(r.key), csvCell(r.label), csvCell(r.created), csvCell(r.resolved)].join(','));
  return `${lines.join('\r\n')}\r\n`;
}
