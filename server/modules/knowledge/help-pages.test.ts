import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { SEND_MAIL_JOB } from '../mail/outgoing-mail.ts';

/** Crawlable help-center pages, search while typing, the FAQ list and the receipt mail's articles; never anything restricted. */
describe.each(DIALECTS)('help-center pages on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let partner: TestUser;
  let partnerOrg: number;
  beforeAll(async () => {
    t = await createTestApp(dialect, { publicUrl: 'https://help.example', receiptArticles: true }, { events: 'manual' });
    agent = await t.user({ role: 'agent' });
    partnerOrg = await t.organisation('Partner AG');
    partner = await t.user({ role: 'customer', organisationId: partnerOrg });
  });
  afterAll(() => t.close());

  const write = async (over: Record<string, unknown>) => {
    const res = await agent.client.post('/api/v1/kb/articles', { title: 'Drucker', body: 'Text', locale: 'de', visibility: 'public', status: 'published', ...over });
    expect(res.status).toBe(201);
    return res.body as { id: number; slug: string; version: number };
  };

  it('renders a public article as HTML with title, description, lang, hreflang and a sanitised body', async () => {
    const de = await write({
      title: 'Drucker <script>alert(1)</script> druckt nicht',
      body: 'Die **Warteschlange** leeren.\n\n<img src=x onerror="alert(2)"><script>alert(3)</script>\n\n[Link](javascript:alert(4))',
      tags: ['FAQ'],
    });
    const en = await write({ title: 'Printer does not print', body: 'Clear the queue.', locale: 'en', translationOf: de.id });
    const page = await t.anonymous.get(`/help/articles/${de.slug}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const html = page.body as string;
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Drucker &lt;script&gt;alert(1)&lt;/script&gt; druckt nicht – Hilfe-Center</title>');
    expect(html).toMatch(/<meta name="description" content="Die Warteschlange leeren\.[^"]*">/);
    expect(html).toContain(`<link rel="canonical" href="https://help.example/help/articles/${de.slug}">`);
    expect(html).toContain(`<link rel="alternate" hreflang="en" href="https://help.example/help/articles/${en.slug}">`);
    expect(html).toContain('<strong>Warteschlange</strong>');
    expect(html).not.toMatch(/<script>alert|onerror|javascript:/);
    const enPage = (await t.anonymous.get(`/help/articles/${en.slug}`)).body as string;
    expect(enPage).toContain('<html lang="en">');
    expect(enPage).toContain(`hreflang="de" href="https://help.example/help/articles/${de.slug}"`);
    // The FAQ list of the help center.
    expect((await t.anonymous.get('/api/v1/kb/articles?tag=faq')).body.items.map((a: { id: number }) => a.id)).toEqual([de.id]);
  });

  it('serves no page for internal, draft, archived or organisation articles, whoever asks, and hides them from hreflang', async () => {
    const pub = await write({ title: 'Öffentlich' });
    const internal = await write({ title: 'Intern', visibility: 'internal' });
    const draft = await write({ title: 'Entwurf', status: 'draft' });
    const org = await write({ title: 'Nur Partner', visibility: 'organisation', organisationId: partnerOrg });
    const archived = await write({ title: 'Archiviert' });
    await agent.client.patch(`/api/v1/kb/articles/${archived.id}`, { version: archived.version, status: 'archived' });
    const hiddenTranslation = await write({ title: 'Internal translation', locale: 'en', visibility: 'internal', translationOf: pub.id });
    for (const a of [internal, draft, org, archived, hiddenTranslation]) {
      for (const client of [t.anonymous, agent.client, partner.client]) {
        const res = await client.get(`/help/articles/${a.slug}`);
        expect(res.status, a.slug).toBe(404);
        expect(res.body as string).not.toContain(a.slug);
      }
    }
    const page = (await t.anonymous.get(`/help/articles/${pub.slug}`)).body as string;
    expect(page).not.toContain(hiddenTranslation.slug);
    expect((await t.anonymous.get('/help/articles/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('finds articles by a word prefix while typing', async () => {
    const a = await write({ title: 'Funktionspostfach in Outlook einbinden', body: 'Datei → Konto hinzufügen.' });
    for (const q of ['Funktionsp', 'funktionspostf', 'Outl']) {
      const res = await t.anonymous.get(`/api/v1/kb/articles?q=${encodeURIComponent(q)}`);
      expect(
        res.body.items.map((i: { id: number }) => i.id),
        q,
      ).toContain(a.id);
    }
  });

  it('lists matching public articles in the receipt mail of a new ticket, never internal or organisation ones', async () => {
    const pub = await write({ title: 'VPN trennt sich ständig', body: 'GlobalProtect neu verbinden und das Profil aktualisieren.' });
    const internal = await write({ title: 'VPN trennt sich: Gateway neu starten (intern)', body: 'GlobalProtect Gateway neu starten.', visibility: 'internal' });
    const org = await write({ title: 'VPN trennt sich bei Partnern', body: 'GlobalProtect Partnerprofil.', visibility: 'organisation', organisationId: partnerOrg });
    await t.dispatcher.drain();
    const ticket = await partner.client.post('/api/v1/tickets', { subject: 'VPN trennt sich ständig', body: 'Seit heute trennt sich GlobalProtect alle paar Minuten.' });
    expect(ticket.status).toBe(201);
    await t.dispatcher.drain();
    const mails = (await t.db.handle.db.selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).execute()).map(
      (j) => JSON.parse(j.payload) as { to: string; text: string; html: string; ticketId: number },
    );
    const receipt = mails.find((m) => m.ticketId === ticket.body.id && m.to === partner.email);
    expect(receipt, 'the receipt').toBeDefined();
    expect(receipt!.text).toContain(`- VPN trennt sich ständig: https://help.example/help/articles/${pub.slug}`);
    expect(receipt!.html).toContain(`<a href="https://help.example/help/articles/${pub.slug}">VPN trennt sich ständig</a>`);
    for (const hidden of [internal, org]) expect(receipt!.text).not.toContain(hidden.slug);

    // A request nothing answers gets a receipt without articles.
    const other = await partner.client.post('/api/v1/tickets', { subject: 'Kaffeemaschine leer', body: 'Bitte Bohnen nachfüllen.' });
    await t.dispatcher.drain();
    const payloads = (await t.db.handle.db.selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).execute()).map(
      (j) => JSON.parse(j.payload) as { to: string; text: string; ticketId: number },
    );
    expect(payloads.find((m) => m.ticketId === other.body.id && m.to === partner.email)!.text).not.toContain('/help/articles/');
  });
});
