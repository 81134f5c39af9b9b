import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { matchTickets, settleTicketIndex } from './ticket-index.ts';
import { PROBE_SETTINGS, rankingWindow } from './pg-narrowing.ts';
import { relevanceRanking } from './list-tickets.ts';
import { rebuildSearchIndex } from '../../ops/backup/rebuild-search-index.ts';
import * as searchGroup from '../../platform/db/migrations/2026-12-03T0100-search-group.ts';

/**
 * On PostgreSQL an agent's ranking query (relevance, similar tickets) takes its candidates from
 * a window of the newest tickets where the GIN index and the primary key intersect. The window
 * starts at 10,000 tickets at least; here it starts at the newest 12, so that it runs on a few
 * dozen.
 */
describe.skipIf(!DIALECTS.includes('postgres'))('ranking candidates from the newest tickets on PostgreSQL', () => {
  let t: TestApp;
  let agent: TestUser;
  const plotter: number[] = [];
  const usual = { ...rankingWindow };
  const usualCandidates = relevanceRanking.candidates;

  beforeAll(async () => {
    Object.assign(rankingWindow, { min: 1, max: 12 });
    t = await createTestApp('postgres');
    agent = await t.user({ role: 'agent' });
    const customer = await t.user({ role: 'customer' });
    for (let i = 0; i < 36; i++) {
      // Every third ticket is about the plotter, the others are look-alikes without the word.
      const about = i % 3 === 0 ? `Plotter im 2. Stock druckt Streifen (${i})` : `Drucker im ${i}. Stock druckt Streifen`;
      const res = await customer.client.post('/api/v1/tickets', { subject: about, body: 'Seit heute Morgen, bitte um Hilfe.' });
      expect(res.status).toBe(201);
      if (i % 3 === 0) plotter.push(res.body.id);
    }
    await settleTicketIndex(t.db.handle.db, 'postgres');
  });
  afterAll(async () => {
    Object.assign(rankingWindow, usual);
    relevanceRanking.candidates = usualCandidates;
    await t.close();
  });

  const matchedIds = async (statuses?: string[]) => {
    const db = t.db.handle.db;
    const match = await matchTickets('postgres', 'Plotter', true, 'any', statuses ? 'suggest' : 'rank')!.narrow(db, { candidates: 2, statuses });
    const rows = await match.apply(db.selectFrom('tickets').select('tickets.id')).orderBy('tickets.id', 'desc').execute();
    return rows.map((r) => r.id);
  };

  it('ranks the newest matches without taking every match, and keeps only open ones for suggestions', async () => {
    const newestFirst = [...plotter].reverse();
    const ranked = await matchedIds();
    // The newest matches are there, nothing that does not match is, and not all 12 were taken.
    expect(ranked.slice(0, 2)).toEqual(newestFirst.slice(0, 2));
    for (const id of ranked) expect(plotter).toContain(id);
    expect(ranked.length).toBeLessThan(plotter.length);

    // The newest plotter ticket is closed: suggestions (open tickets only) no longer offer it,
    // and still find two open ones.
    await t.db.handle.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', newestFirst[0]!).execute();
    const suggested = await matchedIds(['new', 'open', 'pending']);
    expect(suggested).not.toContain(newestFirst[0]);
    expect(suggested.length).toBeGreaterThanOrEqual(2);
    for (const id of suggested) expect(plotter).toContain(id);
  });

  it("narrows the same inside a caller's transaction and leaves its planner settings as they were", async () => {
    const outside = await matchedIds();
    await t.db.handle.db.transaction().execute(async (trx) => {
      const match = await matchTickets('postgres', 'Plotter', true, 'any', 'rank')!.narrow(trx, { candidates: 2 });
      const rows = await match.apply(trx.selectFrom('tickets').select('tickets.id')).orderBy('tickets.id', 'desc').execute();
      expect(rows.map((r) => r.id)).toEqual(outside);
      for (const setting of PROBE_SETTINGS) {
        const { rows: shown } = await sql<Record<string, string>>`SELECT current_setting(${setting}) AS value`.execute(trx);
        expect(shown[0]!.value, setting).toBe('on');
      }
    });
  });

  it('keeps what a first window found when it grows past tickets that are no longer open', async () => {
    // The newest six tickets hold two plotter tickets, and the newest of them is closed (the first
    // test): one open match for two candidates, so the window grows and the older tickets are
    // probed; the open match of the first window stays a candidate.
    const newestFirst = [...plotter].reverse();
    rankingWindow.max = 6;
    try {
      const suggested = await matchedIds(['new', 'open', 'pending']);
      expect(suggested).not.toContain(newestFirst[0]);
      expect(suggested).toContain(newestFirst[1]);
      expect(suggested).toContain(newestFirst[2]);
      for (const id of suggested) expect(plotter).toContain(id);
    } finally {
      rankingWindow.max = 12;
    }
  });

  it("ranks an agent's relevance search in the window by the copy of each ticket's group, and follows the ticket when it changes group", async () => {
    const db = t.db.handle.db;
    const network = await t.group('Netzwerk');
    const specialist = await t.user({ role: 'agent', groupIds: [network] });
    const relevant = async (who: TestUser) => {
      const res = await who.client.get('/api/v1/tickets?q=Plotter&sort=relevance&limit=100');
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ id: number }>).map((item) => item.id);
    };
    // Relevance ranks the newest two matches, so the window of twelve holds enough of them.
    relevanceRanking.candidates = 2;
    // The window ranked them (the path under test), only the ones the agent may see.
    const narrowed = await matchTickets('postgres', 'Plotter', true, 'all', 'rank')!.narrow(db, { candidates: 2, visibleTo: { groupIds: [network], followerId: specialist.id } });
    expect(narrowed.ranked).toEqual([]);
    expect(await relevant(specialist)).toEqual([]);
    const seen = await relevant(agent);
    expect(seen.length).toBeGreaterThanOrEqual(2);

    // The newest visible plotter ticket moves to the network team: the search rows follow.
    const moved = seen.find((id) => plotter.includes(id))!;
    const { version } = (await t.admin.client.get(`/api/v1/tickets/${moved}`)).body as { version: number };
    expect((await t.admin.client.patch(`/api/v1/tickets/${moved}`, { version, groupId: network })).status).toBe(200);
    const { rows } = await sql<{ group_id: number }>`SELECT group_id FROM ticket_search WHERE ticket_id = ${moved}`.execute(db);
    expect(rows[0]!.group_id).toBe(network);
    expect(await relevant(specialist)).toEqual([moved]);
    expect(await relevant(agent)).not.toContain(moved);
    // An admin sees every match.
    const everyone = await t.admin.client.get('/api/v1/tickets?q=Plotter&sort=relevance&limit=100');
    expect(everyone.body.items.map((item: { id: number }) => item.id)).toContain(moved);

    // A ticket the specialist follows (escalated out of their group) stays in their search.
    const followed = seen.find((id) => id !== moved && plotter.includes(id))!;
    await db.insertInto('ticket_followers').values({ ticket_id: followed, user_id: specialist.id, created_at: new Date().toISOString() }).execute();
    expect((await relevant(specialist)).sort()).toEqual([moved, followed].sort());

    // Should the copy ever say otherwise than the ticket, the page shows only what the ticket
    // allows: a copy that lets the specialist in is not enough, and one that keeps them out
    // shows that the copy decided the candidates (the path under test).
    await sql`UPDATE ticket_search SET group_id = ${network} WHERE ticket_id = ${seen.find((id) => id !== moved && id !== followed)!}`.execute(db);
    expect((await relevant(specialist)).sort()).toEqual([moved, followed].sort());
    await sql`UPDATE ticket_search SET group_id = NULL WHERE ticket_id = ${moved}`.execute(db);
    expect(await relevant(specialist)).toEqual([followed]);
    await sql`UPDATE ticket_search SET group_id = tickets.group_id FROM tickets WHERE tickets.id = ticket_search.ticket_id`.execute(db);
    relevanceRanking.candidates = usualCandidates;
  });

  it('pages a relevance search ranked in the window by its cursor, in the order the ranking query gives', async () => {
    relevanceRanking.candidates = 3;
    // Page by page, one ticket each; a status filter of every status takes the ranking query instead.
    const pages = async (extra: string) => {
      const ids: number[] = [];
      let cursor = '';
      for (let page = 0; page < 10; page++) {
        const res = await t.admin.client.get(`/api/v1/tickets?q=Plotter%20druckt&sort=relevance&limit=1${extra}${cursor}`);
        expect(res.status).toBe(200);
        ids.push(...(res.body.items as Array<{ id: number }>).map((item) => item.id));
        if (!res.body.nextCursor) break;
        cursor = `&cursor=${res.body.nextCursor}`;
      }
      return ids;
    };
    try {
      const ranked = await pages('');
      expect(ranked).toHaveLength(3);
      expect(new Set(ranked).size).toBe(3);
      expect(await pages('&status=new,open,pending,resolved,closed')).toEqual(ranked);
    } finally {
      relevanceRanking.candidates = usualCandidates;
    }
  });

  it("gives an existing installation's search rows their tickets' groups, and keeps them as tickets move (the migration)", async () => {
    const db = t.db.handle.db;
    const groups = sql<{ same: boolean; n: number }>`SELECT (s.group_id IS NOT DISTINCT FROM t.group_id) AS same, count(*)::int AS n
      FROM ticket_search s JOIN tickets t ON t.id = s.ticket_id GROUP BY 1`;
    await searchGroup.down(db);
    await searchGroup.up(db);
    const { rows } = await groups.execute(db);
    expect(rows).toEqual([{ same: true, n: 36 }]);
    // A ticket created and moved afterwards keeps its copy through the triggers.
    const created = await t.admin.client.post('/api/v1/tickets', { subject: 'Plotter im Keller', body: 'Bitte prüfen.', requesterEmail: 'keller@example.test' });
    expect(created.status).toBe(201);
    const other = await t.group('Haustechnik');
    const moved = await t.admin.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, groupId: other });
    expect(moved.status).toBe(200);
    const { rows: after } = await groups.execute(db);
    expect(after).toEqual([{ same: true, n: 37 }]);
    // Rows written without the group (a restore rebuilds the index) take it from their tickets.
    await rebuildSearchIndex(db, 'postgres');
    const { rows: rebuilt } = await groups.execute(db);
    expect(rebuilt).toEqual([{ same: true, n: 37 }]);
  });

  it('answers relevance searches and similar tickets through the API from the window', async () => {
    const relevance = await agent.client.get('/api/v1/tickets?q=Plotter&sort=relevance');
    expect(relevance.status).toBe(200);
    expect(relevance.body.items.length).toBeGreaterThanOrEqual(2);
    for (const item of relevance.body.items) expect(item.subject).toMatch(/Plotter/);
    const similar = await agent.client.get('/api/v1/tickets/similar?q=Plotter%20druckt%20Streifen');
    expect(similar.status).toBe(200);
    expect(similar.body.items.length).toBeGreaterThan(0);
    // "druckt Streifen" is in every ticket; the plotter ones share all three words and come first.
    expect(similar.body.items[0].subject).toMatch(/Plotter/);
  });
});
