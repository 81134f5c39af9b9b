import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { queryPlan } from '../../test/query-plan.ts';
import { settleTicketIndex } from './ticket-index.ts';
import { rankingWindow } from './pg-narrowing.ts';
import { relevanceRanking } from './list-tickets.ts';
import { keepRecentSearchIndex, recentSearchIndex, wantedFloor } from './recent-search-index.ts';

/**
 * The GIN index of the newest tickets on PostgreSQL (recent-search-index.ts), moved on a few
 * dozen tickets: it appears once the table is large enough, a window probe within it reads it,
 * it moves up as tickets come, a build that failed is replaced, and searches answer the same
 * with it and without it.
 */
describe.skipIf(!DIALECTS.includes('postgres'))('the search index of the newest tickets on PostgreSQL', () => {
  let t: TestApp;
  let customer: TestUser;
  let agent: TestUser;
  const usual = { index: { ...recentSearchIndex }, window: { ...rankingWindow }, candidates: relevanceRanking.candidates };

  const create = async (n: number) => {
    for (let i = 0; i < n; i++) {
      // Every third ticket is about the plotter, the others are look-alikes without the word.
      const subject = i % 3 === 0 ? `Plotter im ${i}. Stock druckt Streifen` : `Drucker im ${i}. Stock druckt Streifen`;
      const res = await customer.client.post('/api/v1/tickets', { subject, body: 'Seit heute Morgen, bitte um Hilfe.' });
      expect(res.status).toBe(201);
    }
    await settleTicketIndex(t.db.handle.db, 'postgres');
  };
  const newest = async () => Number((await sql<{ n: number }>`SELECT max(ticket_id) AS n FROM ticket_search`.execute(t.db.handle.db)).rows[0]!.n);
  const recentIndexes = async () =>
    (
      await sql<{ name: string; valid: boolean }>`SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'ticket_search'::regclass AND c.relname LIKE 'ticket_search_recent_%' ORDER BY 1`.execute(t.db.handle.db)
    ).rows;
  const relevant = async () => {
    const res = await agent.client.get('/api/v1/tickets?q=Plotter&sort=relevance&limit=100');
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: number }>).map((item) => item.id);
  };
  const similar = async () => {
    const res = await agent.client.get('/api/v1/tickets/similar?q=Plotter%20druckt');
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: number }>).map((item) => item.id);
  };

  beforeAll(async () => {
    t = await createTestApp('postgres');
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    // The window probe on a dozen tickets (as in ranking-window.test.ts).
    Object.assign(rankingWindow, { min: 1, max: 12 });
    relevanceRanking.candidates = 2;
  });
  afterAll(async () => {
    Object.assign(recentSearchIndex, usual.index);
    Object.assign(rankingWindow, usual.window);
    relevanceRanking.candidates = usual.candidates;
    await t.close();
  });

  it('appears once the table is large enough, serves a window within it, moves up with new tickets, and answers as the index of all tickets does', async () => {
    const db = t.db.handle.db;
    await create(12);
    Object.assign(recentSearchIndex, { from: (await newest()) + 6, span: 14, step: 6 });
    expect(await keepRecentSearchIndex(db)).toEqual({ dropped: [] });
    expect(await recentIndexes()).toEqual([]);

    await create(12);
    const first = `ticket_search_recent_${wantedFloor(await newest())}`;
    expect(await keepRecentSearchIndex(db)).toEqual({ built: first, dropped: [] });
    expect(await recentIndexes()).toEqual([{ name: first, valid: true }]);
    // Nothing to do while it covers the newest tickets.
    expect(await keepRecentSearchIndex(db)).toEqual({ dropped: [] });

    // A probe of the newest dozen reads it; a search of every ticket reads the index of all.
    const probe = (floor: number) => CompiledQuery.raw(`SELECT ticket_id FROM ticket_search WHERE (public_doc || internal_doc) @@ to_tsquery('simple', 'plott') AND ticket_id > $1`, [floor]);
    expect(await queryPlan(db, probe((await newest()) - 12), ['seqscan', 'indexscan'])).toContain(first);
    expect(await queryPlan(db, probe(0), ['seqscan', 'indexscan'])).toContain('ticket_search_all');

    // The same answers with the index and without it.
    const withIndex = { relevant: await relevant(), similar: await similar() };
    expect(withIndex.relevant.length).toBeGreaterThan(0);
    expect(withIndex.similar.length).toBeGreaterThan(0);
    await sql`DROP INDEX ${sql.id(first)}`.execute(db);
    expect({ relevant: await relevant(), similar: await similar() }).toEqual(withIndex);
    expect(await keepRecentSearchIndex(db)).toEqual({ built: first, dropped: [] });

    // Twice the step later it moves up: the new one is built before the old one goes.
    await create(12);
    const second = `ticket_search_recent_${wantedFloor(await newest())}`;
    expect(second).not.toBe(first);
    expect(await keepRecentSearchIndex(db)).toEqual({ built: second, dropped: [first] });
    expect(await recentIndexes()).toEqual([{ name: second, valid: true }]);
  });

  it('replaces an index that a failed build left invalid, and drops it when the table is small again', async () => {
    const db = t.db.handle.db;
    const [current] = await recentIndexes();
    // What CREATE INDEX CONCURRENTLY leaves when it fails half-way (a superuser may say so).
    await sql`UPDATE pg_index SET indisvalid = false WHERE indexrelid = ${current!.name}::regclass`.execute(db);
    expect(await keepRecentSearchIndex(db)).toEqual({ built: current!.name, dropped: [] });
    expect(await recentIndexes()).toEqual([{ name: current!.name, valid: true }]);

    recentSearchIndex.from = (await newest()) + 1;
    expect(await keepRecentSearchIndex(db)).toEqual({ dropped: [current!.name] });
    expect(await recentIndexes()).toEqual([]);
  });
});
