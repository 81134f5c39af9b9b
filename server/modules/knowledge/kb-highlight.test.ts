import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { highlightArticle, highlightQuery, markText } from './kb-highlight.ts';

/** The words of `text` that a search for `query` marks. */
const marked = (query: string, text: string) => markText(highlightQuery(query), text).map(([start, end]) => text.slice(start, end));

describe('search highlights follow the search', () => {
  it('marks German words by stem, fold and case', () => {
    expect(marked('Drucker', 'Die Warteschlange des Druckers ist voll, kein DRUCKER antwortet.')).toEqual(['Druckers', 'DRUCKER']);
    expect(marked('Passwort', 'Zwei Passwörter und ein passwort')).toEqual(['Passwörter', 'passwort']);
    expect(marked('passwoerter', 'Das Passwort ändern')).toEqual(['Passwort']);
    expect(marked('Strasse', 'Die Straße und die STRASSE')).toEqual(['Straße', 'STRASSE']);
    // "druckt" is another stem (and another synonym concept, print, not printer): not marked once
    // the word is finished; while it is typed, words starting with its stem "druck" are.
    expect(marked('Drucker ', 'Er druckt nicht')).toEqual([]);
    expect(marked('Drucker', 'Er druckt nicht')).toEqual(['druckt']);
  });

  it('marks compound parts in both directions', () => {
    expect(marked('Sammelpostfach', 'Das Postfach der Abteilung ist ein Sammelpostfach')).toEqual(['Postfach', 'Sammelpostfach']);
    expect(marked('Postfach', 'Im Sammelpostfach fehlt eine Mail')).toEqual(['Sammelpostfach']);
    expect(marked('Kalenderfreigabe', 'Den Kalender öffnen und die Freigabe erteilen')).toEqual(['Kalender', 'Freigabe']);
    expect(marked('Drucker', 'Die Druckerwarteschlange leeren')).toEqual(['Druckerwarteschlange']);
  });

  it('marks synonyms across German and English, also through phrases', () => {
    expect(marked('Kennwort', 'Reset your password or change the Passwort')).toEqual(['password', 'Passwort']);
    expect(marked('password', 'Das Kennwort vergessen')).toEqual(['Kennwort']);
    expect(marked('Druckerwarteschlange', 'Clear the print queue first')).toEqual(['print', 'queue']);
  });

  it('marks English words by stem and leaves stopwords and unrelated words alone', () => {
    expect(marked('printers', 'The printer and all Printers')).toEqual(['printer', 'Printers']);
    expect(marked('the monitor', 'The printer is on the desk')).toEqual([]);
    expect(marked('der Drucker', 'Der Drucker im Flur')).toEqual(['Drucker']);
  });

  it('marks words that start with the word being typed, not once it is finished', () => {
    expect(marked('Outl', 'Outlook startet nicht')).toEqual(['Outlook']);
    expect(marked('Outl ', 'Outlook startet nicht')).toEqual([]);
  });

  it('gives offsets into the original text, umlauts and all', () => {
    expect(markText(highlightQuery('passwort'), 'Über Passwörter')).toEqual([[5, 15]]);
  });

  it('cuts an excerpt around the first match, as plain text', () => {
    const body = `${'Einleitung ohne Bezug. '.repeat(10)}Das **Sammelpostfach** erscheint in Outlook. ![Bild](/api/v1/kb/images/1) <b>fett</b>`;
    const h = highlightArticle(highlightQuery('Postfach'), { title: 'Postfach einrichten', body });
    expect(h.title).toEqual([[0, 8]]);
    expect(h.excerpt.startsWith('… ')).toBe(true);
    expect(h.excerpt).toContain('Das Sammelpostfach erscheint in Outlook.');
    expect(h.excerpt).not.toMatch(/[*<>]|api\/v1/);
    expect(h.excerptMarks.map(([s, e]) => h.excerpt.slice(s, e))).toEqual(['Sammelpostfach']);
  });

  it('never builds markup: text that looks like HTML stays text, marks cover words only', () => {
    const title = '<img src=x onerror=alert(1)> Drucker <script>alert(2)</script>';
    const h = highlightArticle(highlightQuery('Drucker img script'), { title, body: 'Der <script>alert(3)</script> Drucker' });
    expect(h.title.map(([s, e]) => title.slice(s, e))).toEqual(['img', 'Drucker', 'script', 'script']);
    for (const [s, e] of h.title) expect(title.slice(s, e)).toMatch(/^[\p{L}\p{N}]+$/u);
    expect(h.excerpt).toBe('Der alert(3) Drucker');
  });
});

describe.each(DIALECTS)('article search highlights on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    agent = await t.user({ role: 'agent' });
  });
  afterAll(() => t.close());

  it('returns the marks of the title and an excerpt with each result of a search', async () => {
    const write = (title: string, body: string) => agent.client.post('/api/v1/kb/articles', { title, body, locale: 'de', visibility: 'public', status: 'published' });
    expect((await write('Gemeinsames Postfach freigeben', 'So geben Sie Ihr **Postfach** für Kolleginnen frei.')).status).toBe(201);
    expect((await write('Passwörter ändern', 'Alle Passwörter laufen nach 90 Tagen ab.')).status).toBe(201);
    const found = await t.anonymous.get('/api/v1/kb/articles?q=Sammelpostfach');
    expect(found.status).toBe(200);
    const postfach = found.body.items.find((a: { title: string }) => a.title === 'Gemeinsames Postfach freigeben');
    expect(postfach.highlight).toEqual({
      title: [
        [0, 11],
        [12, 20],
      ],
      excerpt: 'So geben Sie Ihr Postfach für Kolleginnen frei.',
      excerptMarks: [[17, 25]],
    });
    const passwords = (await t.anonymous.get('/api/v1/kb/articles?q=Passwort')).body.items[0];
    expect(passwords.highlight.title).toEqual([[0, 10]]);
    // Lists without a search carry no highlight.
    expect((await t.anonymous.get('/api/v1/kb/articles')).body.items[0].highlight).toBeUndefined();
  });
});
