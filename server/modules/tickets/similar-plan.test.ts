import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { useMillionTicketStatistics } from '../../test/million-ticket-statistics.ts';
import { queryPlan } from '../../test/query-plan.ts';
import { loadActor } from '../auth/auth.queries.ts';
import { canSeeInternal } from './tickets.policy.ts';
import { openMatchCandidates } from './similar-tickets.ts';
import { matchTickets } from './ticket-index.ts';

/**
 * Similar tickets on SQLite walk the matches newest first until they have enough open ones the
 * agent may see; at 1,000,000 tickets "printer prints blank pages" walks 16,327 matches for 500.
 * Each match's status must be tested in an index, so that only the open ones are read from the
 * table: with the statuses bound as parameters SQLite read the table for every match (52–73 ms
 * against 18–29). Asked with the planner statistics of that size; which tickets come back is
 * tested in ticket-actions.test.ts.
 */
describe('similar tickets on sqlite with the statistics of a million tickets', () => {
  let t: TestApp;
  let agent: TestUser;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const groups = (await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number }>;
    agent = await t.user({ role: 'agent', name: 'Paula Plan', groupIds: [groups[0]!.id] });
    const customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    for (const subject of ['Printer prints blank pages', 'Drucker druckt leere Seiten', 'Printer offline']) {
      expect((await customer.client.post('/api/v1/tickets', { subject, body: 'Since this morning.' })).status).toBe(201);
    }
    await useMillionTicketStatistics(t.db.handle.db);
  });
  afterAll(() => t.close());

  it('tests the status of each match in an index, not in the table', async () => {
    const db = t.db.handle.db;
    const actor = (await loadActor(db, agent.id, 'token', null))!;
    const match = await matchTickets('sqlite', 'printer prints blank pages', canSeeInternal(actor), 'any', 'suggest')!.narrow(db, { candidates: 500, statuses: ['new', 'open', 'pending'] });
    const plan = await queryPlan(db, openMatchCandidates(db, actor, match, undefined));
    expect(plan).toMatch(/SEARCH tickets USING (COVERING )?INDEX tickets_(status|open_newest)/);
    expect(plan).not.toContain('INTEGER PRIMARY KEY');
    const found = await agent.client.get('/api/v1/tickets/similar?q=printer%20prints%20blank%20pages');
    expect(found.status).toBe(200);
    expect((found.body.items as Array<{ subject: string }>).map((item) => item.subject)).toEqual(['Printer prints blank pages', 'Printer offline']);
  });
});
