import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';

describe.each(DIALECTS)('knowledge base on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  let partner: TestUser;
  let partnerOrg: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    partnerOrg = await t.organisation('Partner GmbH');
    partner = await t.user({ role: 'customer', organisationId: partnerOrg });
  });
  afterAll(() => t.close());

  const article = (over: Record<string, unknown> = {}) => ({
    title: 'Drucker druckt nicht',
    body: 'Löschen Sie die **Warteschlange** und drucken Sie neu.',
    locale: 'de',
    visibility: 'public',
    status: 'published',
    ...over,
  });

  it('creates, changes with optimistic locking, keeps every version and restores one', async () => {
    const created = await agent.client.post('/api/v1/kb/articles', article({ title: 'VPN verbindet nicht', tags: ['VPN', 'vpn', 'Homeoffice'] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'VPN verbindet nicht', locale: 'de', visibility: 'public', status: 'published', version: 1, slug: 'vpn-verbindet-nicht', tags: ['vpn', 'homeoffice'] });
    const id = created.body.id as number;

    const changed = await agent.client.patch(`/api/v1/kb/articles/${id}`, { version: 1, body: 'Neu: GlobalProtect trennen und verbinden.' });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    const stale = await agent.client.patch(`/api/v1/kb/articles/${id}`, { version: 1, title: 'Überholt' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');

    const versions = await agent.client.get(`/api/v1/kb/articles/${id}/versions`);
    expect(versions.body.items).toHaveLength(1);
    expect(versions.body.items[0]).toMatchObject({ version: 1, body: created.body.body });
    const restored = await agent.client.post(`/api/v1/kb/articles/${id}/versions/1/restore`, { version: 2 });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, body: created.body.body });
    expect((await agent.client.get(`/api/v1/kb/articles/${id}/versions`)).body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // A second article with the same title gets its own readable address.
    expect((await agent.client.post('/api/v1/kb/articles', article({ title: 'VPN verbindet nicht' }))).body.slug).toBe('vpn-verbindet-nicht-2');
  });

  it('refuses requesters and anonymous callers as writers, and bad input with a 400', async () => {
    expect((await customer.client.post('/api/v1/kb/articles', article())).status).toBe(403);
    expect((await t.anonymous.post('/api/v1/kb/articles', article())).status).toBe(401);
    const bad = await agent.client.post('/api/v1/kb/articles', article({ locale: 'fr', visibility: 'organisation' }));
    expect(bad.status).toBe(400);
    const noOrg = await agent.client.post('/api/v1/kb/articles', article({ visibility: 'organisation' }));
    expect(noOrg.status).toBe(400);
    expect(noOrg.body.error.fields).toHaveProperty('organisationId');
  });

  it("never lets internal, draft, archived or other organisations' articles reach requesters or the public", async () => {
    const mk = async (over: Record<string, unknown>) =>
      (await agent.client.post('/api/v1/kb/articles', article({ title: 'Sammelpostfach Zugriff einrichten', body: 'Postfach Freigabe in Outlook.', ...over }))).body;
    const pub = await mk({});
    const internal = await mk({ visibility: 'internal', title: 'Sammelpostfach intern: Berechtigung per PowerShell' });
    const draft = await mk({ status: 'draft', title: 'Sammelpostfach Entwurf' });
    const forPartner = await mk({ visibility: 'organisation', organisationId: partnerOrg, title: 'Sammelpostfach für Partner' });
    const archived = await mk({ title: 'Sammelpostfach alt' });
    await agent.client.patch(`/api/v1/kb/articles/${archived.id}`, { version: 1, status: 'archived' });
    const hidden = [internal.id, draft.id, archived.id];

    for (const [who, client, extra] of [
      ['anonymous', t.anonymous, [forPartner.id]],
      ['customer', customer.client, [forPartner.id]],
      ['partner', partner.client, []],
    ] as const) {
      const ids = (res: { body: { items: Array<{ id: number }> } }) => res.body.items.map((a) => a.id);
      const list = ids(await client.get('/api/v1/kb/articles'));
      const search = ids(await client.get('/api/v1/kb/articles?q=Sammelpostfach'));
      const suggested = ids(await client.get('/api/v1/kb/suggestions?q=Zugriff%20auf%20das%20Sammelpostfach&limit=10'));
      expect(list, who).toContain(pub.id);
      expect(search.length + suggested.length, who).toBeGreaterThan(0);
      for (const id of [...hidden, ...extra]) {
        expect(list, `${who} list`).not.toContain(id);
        expect(search, `${who} search`).not.toContain(id);
        expect(suggested, `${who} suggestions`).not.toContain(id);
        expect((await client.get(`/api/v1/kb/articles/${id}`)).status, `${who} id`).toBe(404);
      }
      for (const a of [internal, draft]) expect((await client.get(`/api/v1/kb/articles/by-slug/${a.slug}`)).status, `${who} slug`).toBe(404);
      expect((await client.post(`/api/v1/kb/articles/${internal.id}/feedback`, { helpful: true })).status, `${who} feedback`).toBe(404);
    }
    expect((await partner.client.get(`/api/v1/kb/articles/${forPartner.id}`)).status).toBe(200);
    const agentList = (await agent.client.get('/api/v1/kb/articles?q=Sammelpostfach')).body.items.map((a: { id: number }) => a.id);
    expect(agentList).toEqual(expect.arrayContaining([internal.id, draft.id]));
    // Agents' suggestions hold finished answers only: internal yes, drafts no.
    const agentSuggested = (await agent.client.get('/api/v1/kb/suggestions?q=Sammelpostfach%20intern%20Berechtigung')).body.items.map((a: { id: number }) => a.id);
    expect(agentSuggested).not.toContain(draft.id);
  });

  it('links translations, suggests across languages and reads by slug, counting views', async () => {
    const de = (await agent.client.post('/api/v1/kb/articles', article({ title: 'Zwei-Faktor-Authentifizierung einrichten', body: 'Authenticator-App installieren und QR-Code scannen.' }))).body;
    const en = (
      await agent.client.post(
        '/api/v1/kb/articles',
        article({ title: 'Set up two-factor authentication', body: 'Install the Authenticator app and scan the QR code.', locale: 'en', translationOf: de.id }),
      )
    ).body;
    expect(en.translations).toEqual([{ id: de.id, slug: de.slug, locale: 'de', title: de.title }]);
    const suggested = await t.anonymous.get('/api/v1/kb/suggestions?q=' + encodeURIComponent('2FA mit Authenticator einrichten'));
    expect(suggested.status).toBe(200);
    // One per translation group.
    expect(suggested.body.items.filter((a: { id: number }) => [de.id, en.id].includes(a.id))).toHaveLength(1);
    const bySlug = await customer.client.get(`/api/v1/kb/articles/by-slug/${en.slug}`);
    expect(bySlug.body).toMatchObject({ id: en.id, views: 1 });
    expect((await t.anonymous.get('/api/v1/kb/suggestions?q=' + encodeURIComponent('Kaffeemaschine kaputt'))).body.items).toEqual([]);
  });

  it('records feedback and deflections without creating a ticket', async () => {
    const a = (await agent.client.post('/api/v1/kb/articles', article({ title: 'Postfach voll' }))).body;
    const tickets = async () =>
      Number(
        (
          await t.db.handle.db
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await tickets();
    expect((await t.anonymous.post(`/api/v1/kb/articles/${a.id}/feedback`, { helpful: false, comment: 'Zu kurz' })).status).toBe(201);
    expect((await customer.client.post(`/api/v1/kb/articles/${a.id}/feedback`, { helpful: true })).status).toBe(201);
    expect((await customer.client.post(`/api/v1/kb/articles/${a.id}/feedback`, { helpful: 'yes' })).status).toBe(400);
    for (const kind of ['shown', 'clicked', 'deflected']) expect((await customer.client.post('/api/v1/kb/events', { kind, articleId: a.id, query: 'Postfach voll' })).status).toBe(201);
    expect((await agent.client.post('/api/v1/kb/events', { kind: 'deflected', articleId: a.id })).status).toBe(403);
    const read = (await agent.client.get(`/api/v1/kb/articles/${a.id}`)).body;
    expect(read).toMatchObject({ helpful: 1, unhelpful: 1 });
    const events = await t.db.handle.db.selectFrom('kb_events').select(['kind', 'user_id']).where('article_id', '=', a.id).orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['shown', 'clicked', 'deflected']);
    expect(events[2]!.user_id).toBe(customer.id);
    expect(await tickets()).toBe(before);
  });
});
