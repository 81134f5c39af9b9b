import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatNumber } from './format.ts';

describe('formatting in the viewer locale and time zone', () => {
  const iso = '2026-03-01T23:30:00.000Z';

  it('shows the same moment in the chosen time zone', () => {
    expect(formatDateTime(iso, 'de', 'Europe/Berlin')).toBe('02.03.26, 00:30');
    // ICU versions differ in the space before PM (narrow no-break or plain).
    expect(formatDateTime(iso, 'en', 'America/New_York').replace(/\s/g, ' ')).toBe('3/1/26, 6:30 PM');
  });

  it('falls back to the local zone for an unknown zone and keeps unparsable input as it is', () => {
    expect(formatDateTime(iso, 'de', 'Mars/Olympus')).toMatch(/\d{2}\.\d{2}\.\d{2}/);
    expect(formatDateTime('not a date', 'de', 'Europe/Berlin')).toBe('not a date');
  });

  it('formats numbers and sizes per language', () => {
    expect(formatNumber(1234567, 'de')).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatBytes(1536, 'de').replace(/\s/g, ' ')).toBe('1,5 kB');
    expect(formatBytes(1536, 'en').replace(/\s/g, ' ')).toBe('1.5 kB');
  });
});
