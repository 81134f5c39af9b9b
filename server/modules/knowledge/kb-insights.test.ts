import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDateOf } from '../../platform/local-days.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';

/** Known solutions, ticket ↔ article links, authors' feedback and review list, the deflection report. */
describe.each(DIALECTS)('knowledge base around tickets on %s', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  let category: number;
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    cast = await t.cast();
    category = await t.category('E-Mail');
    // Subscribers starting at 'now' take their place at the first dispatch.
    await t.dispatcher.drain();
  });
  afterAll(() => t.close());

  const write = async (over: Record<string, unknown>) => {
    const res = await cast.agent.client.post('/api/v1/kb/articles', { title: 'Postfach voll', body: 'Alte Mails archivieren.', locale: 'de', visibility: 'public', status: 'published', ...over });
    expect(res.status).toBe(201);
    return res.body as { id: number; slug: string; version: number };
  };
  const openTicket = async (subject: string) => {
    const res = await cast.customer.client.post('/api/v1/tickets', { subject, body: 'Mein Postfach ist voll.', categoryId: category });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  };

  it('marks known solutions of a category, with a category required', async () => {
    const solution = await write({ title: 'Postfach voll: archivieren', solutionKind: 'solution', solutionCategoryId: category });
    const internal = await write({ title: 'Postfach vergrößern (intern)', visibility: 'internal', solutionKind: 'workaround', solutionCategoryId: category });
    expect((await cast.agent.client.post('/api/v1/kb/articles', { title: 'x', body: 'x', locale: 'de', visibility: 'public', status: 'draft', solutionKind: 'solution' })).status).toBe(400);
    const forAgent = (await cast.agent.client.get(`/api/v1/kb/known-solutions?categoryId=${category}`)).body.items.map((a: { id: number }) => a.id);
    expect(forAgent).toEqual([solution.id, internal.id]);
    const forCustomer = await cast.customer.client.get(`/api/v1/kb/known-solutions?categoryId=${category}`);
    expect(forCustomer.body.items).toMatchObject([{ id: solution.id, solutionKind: 'solution', solutionCategoryId: category }]);
    expect((await t.anonymous.get(`/api/v1/kb/known-solutions?categoryId=${category}`)).status).toBe(401);
  });

  it('links articles to tickets by hand and through replies, and shows requesters only what they may read', async () => {
    const ticket = await openTicket('Postfach voll');
    const pub = await write({ title: 'Speicherplatz im Postfach freigeben' });
    const internal = await write({ title: 'Quota per PowerShell erhöhen', visibility: 'internal' });
    const draft = await write({ title: 'Entwurf Postfach', status: 'draft' });
    expect((await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/kb-links`, { articleId: internal.id })).status).toBe(201);
    expect((await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/kb-links`, { articleId: internal.id })).status).toBe(201);
    expect((await cast.customer.client.post(`/api/v1/tickets/${ticket.id}/kb-links`, { articleId: pub.id })).status).toBe(403);
    expect((await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/kb-links`, { articleId: 999_999 })).status).toBe(404);

    // The agent's reply carries the public article's address (and a draft's): the public one is linked.
    const reply = await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: `Bitte lesen Sie [den Artikel](https://help.example/help/${pub.slug}) und /help/${draft.slug}.`,
    });
    expect(reply.status).toBe(201);
    await t.dispatcher.drain();
    const agentLinks = (await cast.agent.client.get(`/api/v1/tickets/${ticket.id}/kb-links`)).body.items;
    expect(agentLinks.map((l: { article: { id: number }; source: string }) => [l.article.id, l.source])).toEqual([
      [internal.id, 'agent'],
      [pub.id, 'reply'],
    ]);
    const customerLinks = await cast.customer.client.get(`/api/v1/tickets/${ticket.id}/kb-links`);
    expect(customerLinks.body.items.map((l: { article: { id: number } }) => l.article.id)).toEqual([pub.id]);
    expect((await cast.other.client.get(`/api/v1/tickets/${ticket.id}/kb-links`)).status).toBe(404);
    expect((await cast.agent.client.delete(`/api/v1/tickets/${ticket.id}/kb-links/${internal.id}`)).status).toBe(204);
    expect((await cast.agent.client.get(`/api/v1/tickets/${ticket.id}/kb-links`)).body.items).toHaveLength(1);
    expect((await cast.agent.client.get(`/api/v1/kb/articles/${pub.id}/feedback`)).body.linkedTickets).toBe(1);
  });

  it('prefills a draft from the ticket: subject and the last public agent reply', async () => {
    const ticket = await openTicket('Outlook zeigt Postfach nicht');
    await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Intern: Quota geprüft', internal: true });
    await cast.agent.client.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'Profil neu anlegen, dann erscheint das Postfach.' });
    const draft = await cast.agent.client.get(`/api/v1/tickets/${ticket.id}/kb-draft`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ ticketId: ticket.id, title: 'Outlook zeigt Postfach nicht', body: 'Profil neu anlegen, dann erscheint das Postfach.', categoryId: category });
    expect((await cast.customer.client.get(`/api/v1/tickets/${ticket.id}/kb-draft`)).status).toBe(403);
  });

  it('shows authors feedback and lists articles with poor feedback or no update for months', async () => {
    const poor = await write({ title: 'Schlecht bewertet' });
    const good = await write({ title: 'Gut bewertet' });
    for (const helpful of [false, false, true]) await t.anonymous.post(`/api/v1/kb/articles/${poor.id}/feedback`, { helpful, comment: helpful ? '' : 'Hilft nicht' });
    for (const helpful of [true, true, false]) await t.anonymous.post(`/api/v1/kb/articles/${good.id}/feedback`, { helpful });
    await t.anonymous.get(`/api/v1/kb/articles/${poor.id}`);
    const feedback = await cast.agent.client.get(`/api/v1/kb/articles/${poor.id}/feedback`);
    expect(feedback.body).toMatchObject({ views: 1, helpful: 1, unhelpful: 2, linkedTickets: 0 });
    expect(feedback.body.comments).toHaveLength(2);
    expect(feedback.body.comments[0]).toMatchObject({ helpful: false, comment: 'Hilft nicht' });
    expect((await cast.customer.client.get(`/api/v1/kb/articles/${poor.id}/feedback`)).status).toBe(403);

    const old = await write({ title: 'Uralt' });
    await t.db.handle.db.updateTable('kb_articles').set({ updated_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', old.id).execute();
    const review = await cast.agent.client.get('/api/v1/kb/review?minVotes=3&maxHelpfulShare=0.5&staleMonths=12');
    expect(review.status).toBe(200);
    const reasons = new Map(review.body.items.map((i: { id: number; reasons: string[] }) => [i.id, i.reasons]));
    expect(reasons.get(poor.id)).toEqual(['poor_feedback']);
    expect(reasons.get(old.id)).toEqual(['stale']);
    expect(reasons.has(good.id)).toBe(false);
    // Fewer votes than asked for: not (yet) poor.
    expect((await cast.agent.client.get('/api/v1/kb/review?minVotes=4')).body.items.map((i: { id: number }) => i.id)).not.toContain(poor.id);
    expect((await cast.agent.client.get('/api/v1/kb/review?maxHelpfulShare=2')).status).toBe(400);
  });

  it('reports suggestions shown, clicked, deflections and tickets per category with the deflection rate', async () => {
    const other = await t.category('Drucker');
    const mail = await write({ title: 'Postfach Abwesenheitsnotiz', categoryId: category });
    const printer = await write({ title: 'Drucker offline', categoryId: other });
    for (const kind of ['shown', 'shown', 'clicked', 'deflected', 'deflected', 'deflected']) await cast.customer.client.post('/api/v1/kb/events', { kind, articleId: mail.id });
    await cast.customer.client.post('/api/v1/kb/events', { kind: 'shown', articleId: printer.id });
    // Days are the agent's local days (Europe/Berlin by default).
    const today = localDateOf(new Date(), 'Europe/Berlin');
    const report = await cast.agent.client.get(`/api/v1/kb/reports/deflection?from=${today}&to=${today}`);
    expect(report.status).toBe(200);
    const byCategory = new Map(report.body.rows.map((r: { categoryId: number }) => [r.categoryId, r]));
    // E-Mail: 3 deflected, 2 tickets opened in this file's earlier tests.
    expect(byCategory.get(category)).toMatchObject({ name: 'E-Mail', shown: 2, clicked: 1, deflected: 3, tickets: 2, deflectionRate: 0.6 });
    expect(byCategory.get(other)).toMatchObject({ shown: 1, deflected: 0, tickets: 0, deflectionRate: null });
    expect(report.body.total).toMatchObject({ deflected: 3 });
    expect((await cast.agent.client.get('/api/v1/kb/reports/deflection?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await cast.agent.client.get('/api/v1/kb/reports/deflection?from=yesterday&to=2026-01-01')).status).toBe(400);
    expect((await cast.customer.client.get(`/api/v1/kb/reports/deflection?from=${today}&to=${today}`)).status).toBe(403);
  });

  it('counts the days of the deflection report in the caller’s time zone', async () => {
    const phone = await t.category('Telefon');
    const article = await write({ title: 'Telefon umleiten', categoryId: phone });
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      // 20:00 UTC on 10 March is 11 March in Kiritimati (UTC+14).
      vi.setSystemTime(new Date('2026-03-10T20:00:00Z'));
      expect((await cast.customer.client.post('/api/v1/kb/events', { kind: 'deflected', articleId: article.id })).status).toBeLessThan(300);
    } finally {
      vi.useRealTimers();
    }
    const deflected = async (day: string) =>
      (await cast.specialist.client.get(`/api/v1/kb/reports/deflection?from=${day}&to=${day}`)).body.rows.find((r: { categoryId: number }) => r.categoryId === phone)?.deflected ?? 0;
    expect(await deflected('2026-03-10')).toBe(1);
    expect((await cast.specialist.client.patch('/api/v1/me/profile', { timeZone: 'Pacific/Kiritimati' })).status).toBe(200);
    expect(await deflected('2026-03-10')).toBe(0);
    expect(await deflected('2026-03-11')).toBe(1);
  });
});
