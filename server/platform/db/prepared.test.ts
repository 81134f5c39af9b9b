import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { nowIso } from './database.ts';
import { inList, listParameter, prepared } from './prepared.ts';

const insertJob = prepared((db, p: { kind: string; payload: string; now: string }) =>
  db.insertInto('jobs').values({ kind: p.kind, payload: p.payload, status: 'queued', run_at: p.now, created_at: p.now, updated_at: p.now }).returning(['id', 'status']),
);
const jobsOfKind = prepared((db, p: { kind: string; limit: number }) => db.selectFrom('jobs').select(['id', 'payload']).where('kind', '=', p.kind).orderBy('id').limit(p.limit));
const finishJob = prepared((db, p: { id: number; now: string }) => db.updateTable('jobs').set({ status: 'done', updated_at: p.now }).where('id', '=', p.id).where('status', '=', 'queued'));
/** The dialect may decide the shape: PostgreSQL locks the row. */
const lockedJob = prepared((db, p: { id: number }, dialect) =>
  db
    .selectFrom('jobs')
    .select('status')
    .where('id', '=', p.id)
    .$if(dialect === 'postgres', (q) => q.forUpdate()),
);

describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.drop());

  it('runs with the values of each call, in and outside a transaction, as the built query would', async () => {
    const db = t.handle.db;
    const now = nowIso();
    const first = await insertJob.takeFirst(db, { kind: 'prepared.test', payload: '{"n":1}', now });
    const second = await db.transaction().execute((trx) => insertJob.takeFirst(trx, { kind: 'prepared.test', payload: '{"n":2}', now }));
    await insertJob.execute(db, { kind: 'prepared.other', payload: '{"n":3}', now });
    expect(first).toMatchObject({ status: 'queued' });
    expect(second!.id).toBeGreaterThan(first!.id);

    expect(await jobsOfKind.execute(db, { kind: 'prepared.test', limit: 10 })).toEqual([
      { id: first!.id, payload: '{"n":1}' },
      { id: second!.id, payload: '{"n":2}' },
    ]);
    expect(await jobsOfKind.execute(db, { kind: 'prepared.test', limit: 1 })).toEqual([{ id: first!.id, payload: '{"n":1}' }]);
    expect(await jobsOfKind.takeFirst(db, { kind: 'nothing', limit: 5 })).toBeUndefined();

    // The constant of the query ('queued') stays where the builder put it.
    const done = await finishJob.run(db, { id: first!.id, now });
    expect(Number(done.numAffectedRows)).toBe(1);
    expect(Number((await finishJob.run(db, { id: first!.id, now })).numAffectedRows)).toBe(0);
    expect(await db.transaction().execute((trx) => lockedJob.takeFirst(trx, { id: first!.id }))).toEqual({ status: 'done' });

    // A value given as text never becomes SQL.
    const hostile = "x'); DROP TABLE jobs; --";
    await insertJob.execute(db, { kind: hostile, payload: '{}', now });
    expect(await jobsOfKind.execute(db, { kind: hostile, limit: 1 })).toHaveLength(1);
    expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM jobs WHERE kind LIKE 'prepared.%'`.execute(db)).rows[0]!.n)).toBe(3);
  });

  it('takes a list of any length as one parameter', async () => {
    const db = t.handle.db;
    const now = nowIso();
    const ids = [];
    for (const kind of ['list.a', 'list.b', 'list.c']) ids.push((await insertJob.takeFirst(db, { kind, payload: '{}', now }))!.id);
    const ofKinds = prepared((db, p: { kinds: ReturnType<typeof listParameter> }, dialect) =>
      db
        .selectFrom('jobs')
        .select('kind')
        .where(inList('kind', p.kinds, dialect, 'text'))
        .orderBy('id'),
    );
    const byIds = prepared((db, p: { ids: ReturnType<typeof listParameter> }, dialect) =>
      db
        .selectFrom('jobs')
        .select('kind')
        .where(inList('id', p.ids, dialect, 'bigint'))
        .orderBy('id'),
    );
    expect((await ofKinds.execute(db, { kinds: listParameter(['list.c', 'list.a'], dialect) })).map((r) => r.kind)).toEqual(['list.a', 'list.c']);
    expect(await ofKinds.execute(db, { kinds: listParameter([], dialect) })).toEqual([]);
    expect((await byIds.execute(db, { ids: listParameter([ids[1]!], dialect) })).map((r) => r.kind)).toEqual(['list.b']);
    expect((await byIds.execute(db, { ids: listParameter(ids, dialect) })).map((r) => r.kind)).toEqual(['list.a', 'list.b', 'list.c']);
  });

  it('refuses a builder whose shape depends on a value', async () => {
    const shaped = prepared((db, p: { id: number; withPayload: boolean }) =>
      db
        .selectFrom('jobs')
        .select('id')
        .$if(p.withPayload, (q) => q.select('payload'))
        .where('id', '=', p.id),
    );
    await expect(shaped.execute(t.handle.db, { id: 1, withPayload: false })).rejects.toThrow(/withPayload read but not bound/);
  });
});
