/** Group commit of SMTP mails (store-batch.ts): shared transactions, same answers as one by one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { batchedStore } from './store-batch.ts';
import { INTAKE_MAIL_JOB, type StoreResult } from './store-inbound-mail.ts';

const mail = (id: string) => Buffer.from(`From: a@kunde.example\r\nTo: help@example.com\r\nSubject: Batch\r\nMessage-ID: <${id}@kunde.example>\r\n\r\nText\r\n`);

describe.each(DIALECTS)('batched mail store on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.drop());

  it('stores mails arriving together with one job each, and recognises a double within the batch', async () => {
    const db = t.handle.db;
    const store = batchedStore(db, dialect);
    const ids = ['b1', 'b2', 'b3', 'b4', 'b2'];
    const results = await Promise.all(ids.map((id) => store(mail(id), { source: 'smtp', envelopeTo: ['help@example.com'] })));
    const stored = results.filter((r): r is Extract<StoreResult, { stored: true }> => r.stored);
    expect(stored).toHaveLength(4);
    const double = results[4] as Extract<StoreResult, { stored: false }>;
    expect(double).toEqual({ stored: false, duplicateOf: (results[1] as { id: number }).id });
    const jobs = await db.selectFrom('jobs').select('payload').where('kind', '=', INTAKE_MAIL_JOB).execute();
    expect(jobs.map((j) => (typeof j.payload === 'string' ? JSON.parse(j.payload) : j.payload).inboundId).sort()).toEqual(stored.map((r) => r.id).sort());
    const rows = await db.selectFrom('inbound_mails').select(['message_id', 'status']).where('message_id', 'like', '<b%').execute();
    expect(rows.filter((r) => r.status === 'received')).toHaveLength(4);
    expect(rows.filter((r) => r.status === 'duplicate')).toHaveLength(1);
  });

  it('a mail that cannot be stored fails alone: the others of its batch are still stored', async () => {
    const store = batchedStore(t.handle.db, dialect);
    // Not a buffer: reading its Message-ID throws inside the shared transaction.
    const broken = null as unknown as Buffer;
    const outcomes = await Promise.allSettled([store(mail('c1'), { source: 'smtp' }), store(broken, { source: 'smtp' }), store(mail('c2'), { source: 'smtp' })]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await t.handle.db.selectFrom('inbound_mails').select('message_id').where('message_id', 'in', ['<c1@kunde.example>', '<c2@kunde.example>']).execute();
    expect(rows).toHaveLength(2);
  });
});
