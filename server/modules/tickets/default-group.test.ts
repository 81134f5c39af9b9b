import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

/** A new ticket without a chosen group lands in the default group, taken in the ticket's own insert. */
describe.each(DIALECTS)('the group of a new ticket on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lands in the default group, else the oldest 1st-level group, and without either is refused with a clear message', async () => {
    const db = t.db.handle.db;
    const customer = await t.user({ role: 'customer' });
    const groups = await db.selectFrom('groups').select(['id', 'is_default', 'level']).orderBy('id').execute();
    const fallback = await t.group('Erste Hilfe', '1');
    const byDefault = await customer.client.post('/api/v1/tickets', { subject: 'VPN', body: 'Die VPN-Verbindung bricht ab.' });
    expect(byDefault.status).toBe(201);
    const defaultGroup = groups.find((g) => g.is_default === 1)!.id;
    expect((await db.selectFrom('tickets').select('group_id').where('id', '=', byDefault.body.id).executeTakeFirstOrThrow()).group_id).toBe(defaultGroup);

    // No default group: the oldest 1st-level group takes it.
    await db.updateTable('groups').set({ is_default: 0 }).execute();
    const firstLevel = (await db.selectFrom('groups').select('id').where('level', '=', '1').orderBy('id').executeTakeFirstOrThrow()).id;
    const byLevel = await customer.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'Der Drucker druckt nicht.' });
    expect(byLevel.status).toBe(201);
    expect((await db.selectFrom('tickets').select('group_id').where('id', '=', byLevel.body.id).executeTakeFirstOrThrow()).group_id).toBe(firstLevel);

    // Neither: a 409 that says what to do, and nothing is stored.
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await db.updateTable('groups').set({ level: '2' }).execute();
    const refused = await customer.client.post('/api/v1/tickets', { subject: 'Outlook', body: 'Outlook startet nicht.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('no 1st-level group');
    expect(await count()).toBe(before);

    for (const g of groups) await db.updateTable('groups').set({ is_default: g.is_default, level: g.level }).where('id', '=', g.id).execute();
    await db.updateTable('groups').set({ level: '1' }).where('id', '=', fallback).execute();
  });
});
