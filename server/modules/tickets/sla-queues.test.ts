import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { inSlaQueue, type SlaQueue } from './sla-queues.ts';
import { queryPlan } from '../../test/query-plan.ts';

/**
 * The SLA queues read the partial index of flagged clocks (migration 2026-12-02T0300) only while
 * their condition implies the index's (each of its terms named): a change that widens either would silently
 * bring back the walk through every open ticket. The queues' contents are tested in sla.test.ts.
 */
describe.each(DIALECTS)('SLA queues on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const plan = (queue: SlaQueue) =>
    queryPlan(t.db.handle.db, t.db.handle.db.selectFrom('tickets').select('tickets.id').where('tickets.status', 'in', ['new', 'open', 'pending']).where(inSlaQueue(queue)), ['seqscan']);

  it('reads only the flagged clocks, through their index', async () => {
    for (const queue of ['at_risk', 'breached'] as const) expect(await plan(queue), queue).toContain('ticket_sla_flagged');
  });
});
