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
    const agent = await h.t.user({ role: 'agent', name: 'Dana Desk' });
    // The agent publishes a German article and its English translation (through the API: the
    // web app has no article editor yet).
    const de = await agent.client.post('/api/v1/kb/articles', {
      title: 'Zugriff auf ein gemeinsames Postfach',
      body: 'Das **Funktionspostfach** beantragt der Verantwortliche im Self-Service-Portal; danach erscheint es in Outlook.',
      locale: 'de',
      visibility: 'public',
      status: 'published',
    });
    expect(de.status).toBe(201);
    german = de.body;
    const en = await agent.client.post('/api/v1/kb/articles', {
      title: 'Access a shared mailbox',
      body: 'The mailbox owner requests access; it then appears in Outlook.',
      locale: 'en',
      visibility: 'public',
      status: 'published',
      translationOf: german.id,
    });
    expect(en.status).toBe(201);
    await h.t.user({ role: 'customer', name: 'Erik Endnutzer', email: 'erik@kunde.test', password: PASSWORD });
    page = await (await h.context('de-DE')).newPage();
  });
  afterAll(async () => {
    await h?.close();
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
});
