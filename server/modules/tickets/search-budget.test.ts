import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { searchBudget, withSearchBudget } from '../../platform/search/search-budget.ts';
import { matchTickets } from './ticket-index.ts';
import { PROBE_SETTINGS, rankingWindow } from './pg-narrowing.ts';

/**
 * Every search statement runs under a time budget on PostgreSQL. A search is made to outlast
 * it here by another session holding a lock on the search index (waiting for a lock counts
 * towards statement_timeout): the caller gets a clear 503 instead of a request that hangs, and
 * the connection goes back to the pool without the limit.
 */
describe.skipIf(!DIALECTS.includes('postgres'))('the time budget of searches on PostgreSQL', () => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  const usual = searchBudget.ms;

  beforeAll(async () => {
    t = await createTestApp('postgres');
    agent = await t.user({ role: 'agent' });
    customer = await t.user({ role: 'customer' });
    for (const subject of ['Drucker im 2. Stock druckt Streifen', 'VPN bricht nach fünf Minuten ab']) {
      expect((await customer.client.post('/api/v1/tickets', { subject, body: 'Seit heute Morgen, bitte um Hilfe.' })).status).toBe(201);
    }
  });
  afterAll(async () => {
    searchBudget.ms = usual;
    await t.close();
  });

  /** Runs `work` while another session holds an exclusive lock on `table`. */
  const whileLocked = async <T>(table: string, work: () => Promise<T>): Promise<T> => {
    const other = new pg.Client({ connectionString: t.db.databaseUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      return await work();
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  };

  it('answers a search that outlasts its budget with 503 search_timeout, and searches again once it is fast', async () => {
    searchBudget.ms = 150;
    const [list, similar] = await whileLocked('ticket_search', async () => [
      await agent.client.get('/api/v1/tickets?q=Drucker'),
      await customer.client.get('/api/v1/tickets/similar?q=Drucker%20druckt'),
    ]);
    for (const res of [list, similar]) {
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('search_timeout');
      expect(res.body.error.message).toMatch(/time budget/);
    }
    // Without the lock the same searches answer, and a queue page never had the budget.
    const found = await agent.client.get('/api/v1/tickets?q=Drucker');
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: { subject: string }) => i.subject)).toEqual(['Drucker im 2. Stock druckt Streifen']);
    expect((await customer.client.get('/api/v1/tickets/similar?q=Drucker%20druckt')).body.items).toHaveLength(1);
  });

  it('answers a knowledge search past its budget with 503 as well', async () => {
    const article = { title: 'Drucker druckt nicht', body: 'Löschen Sie die Warteschlange und drucken Sie neu.', locale: 'de', visibility: 'public', status: 'published' };
    expect((await agent.client.post('/api/v1/kb/articles', article)).status).toBe(201);
    searchBudget.ms = 150;
    const res = await whileLocked('kb_search', () => customer.client.get('/api/v1/kb/suggestions?q=Drucker%20druckt%20nicht'));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('search_timeout');
    const found = await customer.client.get('/api/v1/kb/suggestions?q=Drucker%20druckt%20nicht');
    expect(found.body.items.map((a: { title: string }) => a.title)).toEqual(['Drucker druckt nicht']);
  });

  it('leaves no limit behind on the pooled connections, nor in a caller’s transaction', async () => {
    searchBudget.ms = 150;
    const db = t.db.handle.db;
    for (let i = 0; i < 5; i++) expect((await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(db)).rows[0]!.statement_timeout).toBe('0');
    await db.transaction().execute(async (trx) => {
      const inside = await withSearchBudget(trx, async (budgeted) => (await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(budgeted)).rows[0]!.statement_timeout);
      expect(inside).toBe('150ms');
      expect((await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(trx)).rows[0]!.statement_timeout).toBe('0');
      // A caller's own limit comes back too.
      await sql`SET LOCAL statement_timeout = '5s'`.execute(trx);
      expect(await withSearchBudget(trx, async (budgeted) => (await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(budgeted)).rows[0]!.statement_timeout)).toBe('150ms');
      expect((await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(trx)).rows[0]!.statement_timeout).toBe('5s');
    });
    await expect(withSearchBudget(db, (budgeted) => sql`SELECT pg_sleep(1)`.execute(budgeted))).rejects.toMatchObject({ code: 'search_timeout' });
  });

  it('lets a caller’s transaction go on and commit after a search in it ran past its budget', async () => {
    searchBudget.ms = 150;
    const db = t.db.handle.db;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'before-the-search', value: 'kept' }).execute();
      await expect(withSearchBudget(trx, (budgeted) => sql`SELECT pg_sleep(1)`.execute(budgeted))).rejects.toMatchObject({ code: 'search_timeout' });
      await trx.insertInto('settings').values({ key: 'after-the-search', value: 'kept' }).execute();
      expect((await sql<{ statement_timeout: string }>`SHOW statement_timeout`.execute(trx)).rows[0]!.statement_timeout).toBe('0');
    });
    const kept = await db.selectFrom('settings').select('key').where('key', 'in', ['before-the-search', 'after-the-search']).orderBy('key').execute();
    expect(kept.map((k) => k.key)).toEqual(['after-the-search', 'before-the-search']);
  });

  it('lets a caller’s transaction go on after a window probe, with its planner settings, ran past the budget', async () => {
    // The window probe turns plain index scans off for itself (withBitmapScans); cancelled, it
    // must leave the timeout as the error and the caller's transaction usable, settings restored.
    const usualWindow = { ...rankingWindow };
    Object.assign(rankingWindow, { min: 1, max: 1 });
    searchBudget.ms = 150;
    const db = t.db.handle.db;
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'before-the-probe', value: 'kept' }).execute();
        const probe = withSearchBudget(trx, async (budgeted) => {
          const match = matchTickets('postgres', 'Drucker Streifen', true, 'any', 'suggest')!;
          // The probe reads the open tickets' statuses: it waits for the lock on tickets until the budget ends.
          return whileLocked('tickets', () => match.narrow(budgeted, { candidates: 1, statuses: ['new', 'open'] }));
        });
        await expect(probe).rejects.toMatchObject({ code: 'search_timeout' });
        await trx.insertInto('settings').values({ key: 'after-the-probe', value: 'kept' }).execute();
        for (const setting of PROBE_SETTINGS) expect((await sql<{ value: string }>`SELECT current_setting(${setting}) AS value`.execute(trx)).rows[0]!.value, setting).toBe('on');
      });
    } finally {
      Object.assign(rankingWindow, usualWindow);
    }
    const kept = await db.selectFrom('settings').select('key').where('key', 'in', ['before-the-probe', 'after-the-probe']).execute();
    expect(kept).toHaveLength(2);
  });
});
