import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { de } from '../i18n/de.ts';
import { en } from '../i18n/en.ts';
import { ApiError } from './api-client.ts';
import { errorText, fieldMessages } from './error-text.ts';

describe('error texts in the reader’s language', () => {
  beforeAll(async () => {
    await i18next.init({ resources: { de: { translation: de }, en: { translation: en } }, lng: 'de', interpolation: { escapeValue: false } });
  });
  const deT = () => i18next.getFixedT('de');

  it('never shows the server’s English sentence in the German UI', () => {
    const invalid = new ApiError(400, {
      code: 'invalid_input',
      message: 'Some request fields are invalid; see "fields".',
      fields: { subject: 'Too long: at most 250 characters.', body: 'This field is required.' },
    });
    expect(errorText(invalid, deT(), 'de')).toBe('Einige Eingaben sind ungültig; bitte prüfen Sie die markierten Felder.');
    expect(fieldMessages(invalid, deT(), 'de')).toEqual({ subject: 'Zu lang: höchstens 250 Zeichen.', body: 'Dieses Feld ist erforderlich.' });
    const one = new ApiError(400, { code: 'invalid_input', message: 'x', fields: { email: 'Already taken.' } });
    expect(errorText(one, deT(), 'de')).toBe('E-Mail-Adresse: Ist bereits vergeben.');
    // A sentence we do not know: a German hint rather than English.
    expect(fieldMessages(new ApiError(400, { code: 'invalid_input', message: 'x', fields: { q: 'Something new.' } }), deT(), 'de')).toEqual({ q: 'Bitte prüfen Sie diese Eingabe.' });
  });

  it('tells where a merged ticket went, from the number the server sends', () => {
    const merged = new ApiError(409, { code: 'conflict', message: 'Ticket #502 was merged into #499; please continue there.', mergedInto: 499 } as never);
    expect(errorText(merged, deT(), 'de')).toBe('Dieses Ticket wurde mit #499 zusammengeführt; bitte schreiben Sie dort weiter.');
    expect(errorText(merged, i18next.getFixedT('en'), 'en')).toBe('This ticket was merged into #499; please continue there.');
  });
});
