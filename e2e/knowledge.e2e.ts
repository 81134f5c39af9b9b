import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/** Deflection: a published article answers a requester while they type, and no ticket is made. */
describe('knowledge base in the browser', () => {
  let h: Harness;
  let page: Page;
  let german: { id: number; slug: string };

  beforeAll(async () => {
    h = await startHarness();
    await h.t.user({ role: 'admin', name: 'Ada Admin', email: 'ada@firma.test', password: PASSWORD });
    await h.t.user({ role: 'customer', name: 'Erik Endnutzer', email: 'erik@kunde.test', password: PASSWORD });
    await h.t.user({ role: 'customer', name: 'Frieda Fragt', email: 'frieda@kunde.test', password: PASSWORD });
    page = await (await h.context('de-DE')).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an admin writes and publishes a German article and its English translation in the editor', async () => {
    await signIn(page, 'ada@firma.test', PASSWORD);
    await page.goto('/agent/kb');
    await page.getByRole('link', { name: 'Neuer Artikel' }).click();
    await page.locator('#kb-title').fill('Zugriff auf ein gemeinsames Postfach');
    await page.locator('#kb-body').fill('Das **Funktionspostfach** beantragt der Verantwortliche im Self-Service-Portal; danach erscheint es in Outlook.');
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.locator('.composer-previewbox strong', { hasText: 'Funktionspostfach' }).waitFor();
    await page.locator('#kb-status').selectOption('published');
    await page.locator('#kb-visibility').selectOption('public');
    await page.locator('#kb-tags').fill('Outlook, Postfach');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(/\/agent\/kb\/\d+$/);
    await expectAccessible(page, 'kb-editor');
    german = (await h.t.admin.client.get('/api/v1/kb/articles?q=Funktionspostfach')).body.items[0];
    expect(german).toMatchObject({ status: 'published', visibility: 'public', locale: 'de', tags: ['outlook', 'postfach'] });

    await page.getByRole('link', { name: 'Übersetzung schreiben' }).click();
    await page.locator('#kb-title').fill('Access a shared mailbox');
    await page.locator('#kb-body').fill('The mailbox owner requests access; it then appears in Outlook.');
    expect(await page.locator('#kb-locale').inputValue()).toBe('en');
    expect(await page.locator('#kb-translation').inputValue()).toBe(String(german.id));
    await page.locator('#kb-status').selectOption('published');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL((url) => url.pathname !== '/agent/kb/new');

    // A correction, then its history: the diff shows the change and restore brings it back.
    await page.goto(`/agent/kb/${german.id}`);
    await page.locator('#kb-body').fill('Das **Funktionspostfach** beantragt die Leitung im Self-Service-Portal; danach erscheint es in Outlook.');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('status').getByText('Gespeichert.').waitFor();
    await page.getByRole('button', { name: 'Änderungen seitdem' }).first().click();
    await page.locator('.kb-diff del', { hasText: 'Verantwortliche' }).waitFor();
    await page.locator('.kb-diff ins', { hasText: 'Leitung' }).waitFor();
    await page.getByRole('button', { name: 'Wiederherstellen' }).first().click();
    await expect.poll(() => page.locator('#kb-body').inputValue()).toContain('der Verantwortliche');
    await page.context().clearCookies();
  });

  it('shows the public article in the help center without sign-in', async () => {
    await page.goto(`/help/${german.slug}`);
    await page.locator('h1', { hasText: 'Zugriff auf ein gemeinsames Postfach' }).waitFor();
    await page.getByRole('link', { name: 'Access a shared mailbox' }).waitFor();
    await expectAccessible(page, 'help-article');
  });

  it('suggests the article while a requester types, and "solved" creates no ticket', async () => {
    await signIn(page, 'erik@kunde.test', PASSWORD);
    await page.goto('/portal/new');
    await page.locator('#request-subject').fill('Sammelpostfach fehlt in Outlook');
    const region = page.getByRole('region', { name: 'Diese Artikel könnten helfen' });
    await region.getByText(/gemeinsames Postfach|shared mailbox/).waitFor({ timeout: 10_000 });
    await region.getByRole('button', { name: 'Das hat mein Problem gelöst' }).first().click();
    await page.getByRole('status').getByText('Es wurde keine Anfrage angelegt').waitFor();
    const tickets = await h.t.admin.client.get('/api/v1/tickets');
    expect(tickets.body.items).toEqual([]);
    const events = await h.t.db.handle.db.selectFrom('kb_events').select('kind').execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['shown', 'deflected']));
    const article = await h.t.admin.client.get(`/api/v1/kb/articles/${german.id}`);
    const translation = (await h.t.admin.client.get(`/api/v1/kb/articles/${article.body.translations[0].id}`)).body;
    expect(article.body.helpful + translation.helpful).toBe(1);
  });

  it('another requester opens a ticket anyway, and the agent inserts the article into the reply, which links it', async () => {
    await page.context().clearCookies();
    await signIn(page, 'frieda@kunde.test', PASSWORD);
    await page.goto('/portal/new');
    await page.locator('#request-subject').fill('Funktionspostfach fehlt');
    await page.locator('#request-body').fill('Ich sehe das Funktionspostfach nicht in Outlook.');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === '/portal');
    const ticket = (await h.t.admin.client.get('/api/v1/tickets')).body.items[0] as { id: number; subject: string };
    expect(ticket.subject).toBe('Funktionspostfach fehlt');

    await page.context().clearCookies();
    await signIn(page, 'ada@firma.test', PASSWORD);
    await page.goto(`/agent/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'Artikel einfügen' }).click();
    await page.locator('#article-picker-search').fill('Funktionspostfach');
    await page.getByRole('list', { name: 'Suchergebnisse' }).getByRole('button', { name: 'Link' }).first().click();
    await expect.poll(() => page.locator('#composer-body').inputValue()).toContain(`/help/articles/${german.slug}`);
    await page.getByRole('button', { name: 'Antwort senden' }).click();
    await page.locator('.message', { hasText: 'Zugriff auf ein gemeinsames Postfach' }).waitFor();
    // The ticket now links to the article that solved it.
    await page.getByRole('list', { name: 'Artikel, die dieses Ticket gelöst haben' }).getByRole('link', { name: 'Zugriff auf ein gemeinsames Postfach' }).waitFor();
    await expectAccessible(page, 'ticket-with-article');
    const links = await h.t.admin.client.get(`/api/v1/tickets/${ticket.id}/kb-links`);
    expect(links.body.items.map((l: { article: { id: number } }) => l.article.id)).toEqual([german.id]);
  });
});
