import { describe, expect, it } from 'vitest';
import { compareNames, formatBytes, formatDateTime, formatNumber, regionalLocale, sortByName } from './format.ts';

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

describe('the viewer’s region and sorting', () => {
  const iso = '2026-03-01T12:30:00.000Z';

  it('writes dates the British way for an English reader with an en-GB browser', () => {
    const locale = regionalLocale('en', ['en-GB', 'en', 'de']);
    expect(locale).toBe('en-GB');
    expect(formatDateTime(iso, locale, 'Europe/London')).toMatch(/^01\/03\/2026/);
    expect(regionalLocale('en', ['en-US'])).toBe('en-US');
    // German chosen, English browser: German dates, no foreign region.
    expect(regionalLocale('de', ['en-GB'])).toBe('de');
    expect(regionalLocale('de', ['de-AT', 'en'])).toBe('de-AT');
  });

  it('sorts names by the rules of the language (umlauts beside their letter, numbers by value)', () => {
    const names = ['Schwarz', 'Buchhaltung', 'Öztürk', 'Bäckerei', 'Zentrale', 'Abteilung 10', 'Abteilung 9'];
    expect(sortByName(names, 'de', (n) => n)).toEqual(['Abteilung 9', 'Abteilung 10', 'Bäckerei', 'Buchhaltung', 'Öztürk', 'Schwarz', 'Zentrale']);
    expect([...names].sort()).not.toEqual(sortByName(names, 'de', (n) => n));
    expect(['b', 'Ärger', 'Abend'].sort(compareNames('en-GB'))).toEqual(['Abend', 'Ärger', 'b']);
  });
});
