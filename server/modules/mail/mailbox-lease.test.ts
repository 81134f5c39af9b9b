/** The mailbox lease that lets one of several mail processes poll a mailbox (mailbox-lease.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { releaseMailboxLease, takeMailboxLease } from './mailbox-lease.ts';

describe.each(DIALECTS)('mailbox lease on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('goes to one process at a time, is renewed by its owner, and passes on when released or run out', async () => {
    const created = await t.admin.client.post('/api/v1/admin/mailboxes', { name: 'Lease', host: 'imap.example', port: 993, username: 'support', password: 'geheim' });
    expect(created.status).toBe(201);
    const db = t.db.handle.db;
    const id = created.body.id as number;
    const now = new Date('2026-11-30T10:00:00Z');
    const later = (s: number) => new Date(now.getTime() + s * 1000);

    // Two processes ask at once: exactly one wins.
    const both = await Promise.all([takeMailboxLease(db, id, 'a', 60_000, now), takeMailboxLease(db, id, 'b', 60_000, now)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const owner = both[0] ? 'a' : 'b';
    const other = owner === 'a' ? 'b' : 'a';
    expect(await takeMailboxLease(db, id, owner, 60_000, later(30))).toBe(true);
    expect(await takeMailboxLease(db, id, other, 60_000, later(60))).toBe(false); // renewed at 30 s: held until 90 s
    expect(await takeMailboxLease(db, id, other, 60_000, later(91))).toBe(true); // run out: taken over
    expect(await takeMailboxLease(db, id, owner, 60_000, later(92))).toBe(false);
    await releaseMailboxLease(db, id, owner); // not the owner any more: changes nothing
    expect(await takeMailboxLease(db, id, owner, 60_000, later(93))).toBe(false);
    await releaseMailboxLease(db, id, other);
    expect(await takeMailboxLease(db, id, owner, 60_000, later(94))).toBe(true);
  });
});
