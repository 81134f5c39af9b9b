import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { loadActor } from '../auth/auth.queries.ts';
import { agentCountQueries } from './ticket-counts.ts';
import { useMillionTicketStatistics } from '../../test/million-ticket-statistics.ts';
import { queryPlan } from '../../test/query-plan.ts';

/**
 * The home screen's "mine" and "unassigned" counts are read from a queue index alone (migration
 * 2026-12-03T0500): looked up ticket by ticket in the table they took 55–95 ms at 1,000,000
 * tickets. A change to their condition that needs a column the indexes do not carry would bring
 * that back silently. The counts' values are tested in ticket-actions.test.ts.
 */
describe.each(DIALECTS)('the home counts on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number }>;
    agent = await t.user({ role: 'agent', name: 'Zora Zählerin', groupIds: [groups[0]!.id] });
    const customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    for (let i = 0; i < 30; i++) {
      const created = await customer.client.post('/api/v1/tickets', { subject: `Drucker ${i}`, body: 'Geht nicht.' });
      expect(created.status).toBe(201);
      if (i % 3 === 0) expect((await agent.client.patch(`/api/v1/tickets/${created.body.id}`, { version: created.body.version, assigneeId: agent.id })).status).toBe(200);
    }
  });
  afterAll(() => t.close());

  // PostgreSQL: vacuumed, as autovacuum keeps a large table, so that the index's rows count as visible.
  async function plan(query: CompiledQuery): Promise<string> {
    if (dialect === 'postgres') await sql`VACUUM ANALYZE tickets`.execute(t.db.handle.db);
    return queryPlan(t.db.handle.db, query, ['seqscan', 'bitmapscan']);
  }

  it('counts "mine" and "unassigned" from an index without reading the tickets', async () => {
    const actor = (await loadActor(t.db.handle.db, agent.id, 'token', null))!;
    const queries = agentCountQueries(t.db.handle.db, actor, new Date());
    for (const name of ['mine', 'unassigned'] as const) {
      const explained = await plan(queries[name].compile());
      expect(explained, name).toMatch(dialect === 'sqlite' ? /USING COVERING INDEX tickets_(group|assignee)_status/ : /Index Only Scan using tickets_(group|assignee)_status/);
    }
    expect((await agent.client.get('/api/v1/tickets/counts')).body).toMatchObject({ mine: 10, unassigned: 20 });
  });

  // SQLite's planner statistics only (PostgreSQL's histograms know how many tickets changed lately).
  if (dialect === 'sqlite')
    it("counts the recently updated from the day's changes with the statistics of a million tickets", async () => {
      const db = t.db.handle.db;
      await useMillionTicketStatistics(db);
      const actor = (await loadActor(db, agent.id, 'token', null))!;
      const explained = await plan(agentCountQueries(db, actor, new Date()).recentlyUpdated.compile());
      expect(explained).toContain('USING INDEX tickets_updated');
      expect((await agent.client.get('/api/v1/tickets/counts')).body).toMatchObject({ recentlyUpdated: 30 });
    });
});
