import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { chunkAndOneByOne, eventsAfter, newestEventId } from '../../test/chunk-and-one-by-one.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { SEND_MAIL_JOB } from '../mail/outgoing-mail.ts';
import { notificationsSubscriber } from './notify-ticket.ts';

/**
 * The notifications subscriber handles a chunk of events together (one read per kind of row for
 * all of them). Whatever the chunk holds, it must queue exactly the mails that handling the
 * events one at a time would: the same recipients, languages, texts, threading and ids.
 */
describe.each(DIALECTS)('notifications of a chunk of events on %s', (dialect) => {
  let t: TestApp;
  let anna: TestUser;
  let bernd: TestUser;
  let nina: TestUser;
  let rita: TestUser;
  let kurt: TestUser;
  let lena: TestUser;
  let network: number;
  const config = { publicUrl: 'https://help.example.com', mailFrom: 'Anlauf <helpdesk@help.example.com>' };

  beforeAll(async () => {
    t = await createTestApp(dialect, config, { events: 'manual' });
    network = await t.group('Netzwerk', 'specialist');
    anna = await t.user({ role: 'agent', name: 'Anna Agent' });
    bernd = await t.user({ role: 'agent', name: 'Bernd Bearbeiter' });
    nina = await t.user({ role: 'agent', name: 'Nina Netzwerk', groupIds: [network] });
    rita = await t.user({ role: 'customer', name: 'Rita Requester' });
    kurt = await t.user({ role: 'customer', name: 'Kurt Kunde' });
    lena = await t.user({ role: 'customer', name: 'Lena Lee' });
    await t.db.handle.db.updateTable('users').set({ locale: 'en' }).where('id', 'in', [rita.id, anna.id]).execute();
  });
  afterAll(() => t.close());

  type QueuedMail = { to: string; messageId: string; subject: string; text: string; references: string[]; inReplyTo: string; cc?: string[] };
  /** The mails the subscriber queues for `events`, as one chunk and one by one (each undone afterwards). */
  function mailsFor(events: StoredEvent[]) {
    const subscriber = notificationsSubscriber({ ...config, dataDir: t.config.dataDir });
    return chunkAndOneByOne(t.db.handle.db, dialect, subscriber, events, async (trx, newestJob) => {
      const jobs = await trx.selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).where('id', '>', newestJob).execute();
      return jobs.map((j) => JSON.parse(j.payload) as QueuedMail);
    });
  }

  it('queues the same mails for a chunk as for its events one by one, threading later events of a ticket after earlier ones', async () => {
    const db = t.db.handle.db;
    const first = await newestEventId(db);

    // Rita (English) opens a ticket; Anna answers it and mentions Bernd in a note; it is assigned
    // to Bernd, Rita answers, and Anna resolves it. (Each event is handled with the ticket as it
    // is at delivery, so the story keeps the ticket in its group.)
    const vpn = (await rita.client.post('/api/v1/tickets', { subject: 'VPN drops every hour', body: 'Since Monday the VPN disconnects every hour.' })).body;
    await db.insertInto('ticket_ccs').values({ ticket_id: vpn.id, email: 'boss@example.test' }).execute();
    expect((await anna.client.post(`/api/v1/tickets/${vpn.id}/messages`, { body: 'Please update the VPN client to 5.2.', status: 'pending' })).status).toBe(201);
    expect((await anna.client.post(`/api/v1/tickets/${vpn.id}/messages`, { body: '@Bernd.Bearbeiter kannst du das übernehmen?', internal: true })).status).toBe(201);
    let version: number = (await anna.client.get(`/api/v1/tickets/${vpn.id}`)).body.version;
    expect((await anna.client.patch(`/api/v1/tickets/${vpn.id}`, { version, assigneeId: bernd.id })).status).toBe(200);
    expect((await rita.client.post(`/api/v1/tickets/${vpn.id}/messages`, { body: 'The update did not help, it still drops.' })).status).toBe(201);
    version = (await anna.client.get(`/api/v1/tickets/${vpn.id}`)).body.version;
    expect((await anna.client.patch(`/api/v1/tickets/${vpn.id}`, { version, status: 'resolved' })).status).toBe(200);
    // Kurt, whose language nobody set, writes in German: his receipt is German and his language
    // learned. Bernd answers and hands the ticket to the network team.
    const drucker = (await kurt.client.post('/api/v1/tickets', { subject: 'Drucker druckt nicht', body: 'Der Drucker im zweiten Stock druckt seit heute Morgen überhaupt nichts mehr.' })).body;
    expect((await bernd.client.post(`/api/v1/tickets/${drucker.id}/messages`, { body: 'Wir schauen uns das an.' })).status).toBe(201);
    version = (await bernd.client.get(`/api/v1/tickets/${drucker.id}`)).body.version;
    expect((await bernd.client.patch(`/api/v1/tickets/${drucker.id}`, { version, groupId: network })).status).toBe(200);
    // Lena, whose language nobody set either, writes in English: her receipt is English.
    const laptop = (await lena.client.post('/api/v1/tickets', { subject: 'Laptop will not start', body: 'My laptop does not start since this morning, the screen stays black.' })).body;

    const events = await eventsAfter(db, first, notificationsSubscriber({ ...config, dataDir: t.config.dataDir }));
    // The clock stands still (chunkAndOneByOne), so that mails of different events carry the same
    // time in both runs and the thread's order (time, then Message-ID) is the same.
    const { chunk, oneByOne } = await mailsFor(events);
    const byId = (mails: typeof chunk) => [...mails].sort((a, b) => a.messageId.localeCompare(b.messageId));
    expect(byId(chunk)).toEqual(byId(oneByOne));

    // Not an empty agreement: every kind of mail of the story is there.
    expect(chunk.length).toBeGreaterThanOrEqual(10);
    const toRita = chunk.filter((m) => m.to === rita.email);
    expect(toRita.map((m) => m.text.split('\n')[0])).toHaveLength(3); // receipt, Anna's reply, resolved
    expect(toRita.every((m) => m.cc?.includes('boss@example.test'))).toBe(true);
    const receipt = toRita.find((m) => m.text.includes(`ticket #${vpn.id}`) && m.references.length === 1)!;
    // Anna's reply comes after the receipt in the same chunk and still threads under it.
    const reply = toRita.find((m) => m.text.includes('Please update the VPN client'))!;
    expect(reply.references).toContain(receipt.messageId);
    expect(chunk.filter((m) => m.to === bernd.email).map((m) => m.text.split(':')[0])).toEqual(
      expect.arrayContaining([expect.stringContaining('erwähnt'), `Ticket #${vpn.id} wurde Ihnen zugewiesen.\n\nTicket öffnen`, expect.stringContaining('Rita Requester')]),
    );
    expect(chunk.some((m) => m.to === nina.email && m.text.includes('eskaliert'))).toBe(true);
    const kurtsReceipt = chunk.find((m) => m.to === kurt.email && m.references.length === 1)!;
    expect(chunk.find((m) => m.to === lena.email)!.text).toContain(`#${laptop.id}`);
    expect(chunk.find((m) => m.to === lena.email)!.text).toContain('Hello Lena Lee');
    expect(kurtsReceipt.text).toContain(`unter der Ticketnummer #${drucker.id} aufgenommen`);
  });
});
