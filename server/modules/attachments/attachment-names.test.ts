import { describe, expect, it } from 'vitest';
import { contentDisposition, safeContentType, sanitiseFilename } from './attachment-names.ts';

describe('attachment names and types', () => {
  it('keeps only a harmless last path segment', () => {
    expect(sanitiseFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFilename('..\\..\\boot.ini')).toBe('boot.ini');
    expect(sanitiseFilename('.htaccess')).toBe('htaccess');
    expect(sanitiseFilename('a\u0000b\r\nc.txt')).toBe('abc.txt');
    expect(sanitiseFilename('')).toBe('attachment');
    expect(sanitiseFilename(undefined)).toBe('attachment');
    const long = sanitiseFilename(`${'ä'.repeat(300)}.pdf`);
    expect([...long].length).toBe(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('accepts only well-formed MIME types', () => {
    expect(safeContentType('image/PNG')).toBe('image/png');
    expect(safeContentType('text/plain; charset="UTF-8"; x=y')).toBe('text/plain; charset=utf-8');
    expect(safeContentType('text/html\r\nSet-Cookie: a=b')).toBe('application/octet-stream');
    expect(safeContentType('image')).toBe('application/octet-stream');
    expect(safeContentType(undefined)).toBe('application/octet-stream');
  });

  it('writes an RFC 5987 disposition with an ASCII fallback', () => {
    expect(contentDisposition('Übersicht "Q1" (final).pdf')).toBe(`attachment; filename="Ubersicht _Q1_ (final).pdf"; filename*=UTF-8''%C3%9Cbersicht%20%22Q1%22%20%28final%29.pdf`);
  });
});
