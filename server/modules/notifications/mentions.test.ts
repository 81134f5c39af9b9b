import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SunkMail } from '../mail/test/smtp-sink.ts';
import { DIALECTS } from '../../test/test-database.ts';
import type { TestApp, TestUser } from '../../test/test-app.ts';
import { parseMentions } from './mentions.ts';
import { type NotificationRig, RIG_PUBLIC_URL, startNotificationRig } from './test/notification-rig.ts';

describe('parseMentions', () => {
  it('reads addresses, dotted and quoted names, and ignores plain addresses', () => {
    const found = parseMentions('Hi @Anna.Schmidt, see @bernd.bauer@Nordlicht.example and @"Carla  Maria Diaz". Mail rita@kunde.example, ping @Dora.Eck.');
    expect([...found.emails]).toEqual(['bernd.bauer@nordlicht.example']);
    expect([...found.dotted].sort()).toEqual(['anna.schmidt', 'dora.eck']);
    expect([...found.quoted]).toEqual(['carla maria diaz']);
  });
  it('offers every prefix of a dotted name, so a full stop after the name does no harm', () => {
    expect([...parseMentions('Danke @Anna.Schmidt.Bis morgen').dotted]).toEqual(['anna.schmidt', 'anna.schmidt.bis']);
    expect(parseMentions('no one here, x@y.example').emails.size).toBe(0);
  });
});

describe.each(DIALECTS)('mention notifications on %s', (dialect) => {
  let rig: NotificationRig;
  let t: TestApp;
  let anna: TestUser;
  let bernd: TestUser;
  let nina: TestUser;
  let requester: TestUser;
  let ticketId: number;
  const publicUrl = RIG_PUBLIC_URL;

  beforeAll(async () => {
    rig = await startNotificationRig(dialect);
    ({ t, anna, bernd, nina, requester } = rig);
    const created = await requester.client.post('/api/v1/tickets', { subject: 'Drucker offline', body: 'Der Drucker im 2. OG druckt nicht.' });
    expect(created.status).toBe(201);
    ticketId = created.body.id;
    await deliver();
  });
  afterAll(() => rig.close());

  /** Runs the worker until the outbox is empty; every notification job must have finished (an empty result is no crash). */
  async function deliver(): Promise<SunkMail[]> {
    const mails = await rig.deliver();
    expect(await rig.unfinishedNotifications()).toEqual([]);
    return mails;
  }
  /** The id of the last event the notifications subscriber has handled. */
  const notifiedUpTo = async () => (await t.db.handle.db.selectFrom('event_subscriptions').select('last_event_id').where('name', '=', 'notifications').executeTakeFirstOrThrow()).last_event_id;
  const lastEvent = async () => (await t.db.handle.db.selectFrom('domain_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
  const recipients = (mails: SunkMail[]) => mails.map((m) => m.envelopeTo[0]).sort();

  it('mails an agent of the group mentioned in an internal note once, in German, threaded and linked', async () => {
    const body = `@${bernd.email.toUpperCase()} kannst du das übernehmen? Sonst @Bernd.Bearbeiter, nochmal.`;
    expect((await anna.client.post(`/api/v1/tickets/${ticketId}/messages`, { body, internal: true })).status).toBe(201);
    const mails = await deliver();
    expect(recipients(mails)).toEqual([bernd.email]);
    const mail = mails[0]!.parsed;
    expect(mail.subject).toBe(`[#${ticketId}] Drucker offline`);
    expect(mail.text).toContain(`Anna Agent hat Sie in einer internen Notiz zu Ticket #${ticketId} erwähnt`);
    expect(mail.text).toContain('kannst du das übernehmen?');
    expect(mail.text).toContain(`${publicUrl}/agent/tickets/${ticketId}`);
    expect(mail.html).toContain(`href="${publicUrl}/agent/tickets/${ticketId}"`);
    expect(mail.html).toContain('erwähnt');
    expect(mail.messageId).toMatch(new RegExp(`^<anlauf\\.t${ticketId}\\..+@help\\.example\\.com>$`));
    expect(mail.inReplyTo).toBe(`<anlauf.t${ticketId}@help.example.com>`);
    const refs = Array.isArray(mail.references) ? mail.references : [mail.references];
    expect(refs).toContain(`<anlauf.t${ticketId}@help.example.com>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('writes in English to an agent whose locale is English, matching a quoted name in any case', async () => {
    expect((await bernd.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Frag mal @"anna   AGENT" dazu.', internal: true })).status).toBe(201);
    const mails = await deliver();
    expect(recipients(mails)).toEqual([anna.email]);
    expect(mails[0]!.parsed.text).toContain(`Bernd Bearbeiter mentioned you in an internal note on ticket #${ticketId}`);
    expect(mails[0]!.parsed.text).toContain(`${publicUrl}/agent/tickets/${ticketId}`);
  });

  it('mails nobody for agents outside the group, customers, the author, inactive agents or plain addresses', async () => {
    const gone = await t.user({ role: 'agent', name: 'Gerda Gegangen' });
    await t.db.handle.db.updateTable('users').set({ active: 0 }).where('id', '=', gone.id).execute();
    const notes = {
      outsideGroup: `@${nina.email} und @Nina.Netzwerk`,
      customer: `@"Rita Requester" @${requester.email}`,
      self: `Notiz an mich: @Anna.Agent @${anna.email}`,
      inactive: '@Gerda.Gegangen',
      plainAddress: `cc ${bernd.email}`,
    };
    for (const [name, body] of Object.entries(notes)) {
      expect((await anna.client.post(`/api/v1/tickets/${ticketId}/messages`, { body, internal: true })).status).toBe(201);
      expect({ name, mails: await deliver() }).toEqual({ name, mails: [] });
      // The note's event was handled and decided on nobody.
      expect(await notifiedUpTo()).toBe(await lastEvent());
    }
  });

  it('mentions in a public reply reach the agent besides the requester; a requester cannot mention anybody', async () => {
    const reply = await anna.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Wir kümmern uns. @Bernd.Bearbeiter bitte Toner prüfen.' });
    expect(reply.status).toBe(201);
    const mails = await deliver();
    expect(recipients(mails)).toEqual([bernd.email, requester.email].sort());
    const toBernd = mails.find((m) => m.envelopeTo[0] === bernd.email)!.parsed;
    expect(toBernd.text).toContain(`Anna Agent hat Sie in einer Antwort auf Ticket #${ticketId} erwähnt`);

    // The requester names agents: no mention mail (the ticket is unassigned, so nobody at all).
    const answer = await requester.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: `Danke @Anna.Agent und @${bernd.email}!` });
    expect(answer.status).toBe(201);
    expect(await deliver()).toEqual([]);
    // And the requester cannot write internal notes to mention somebody quietly.
    const note = await requester.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: '@Anna.Agent', internal: true });
    expect(note.status).toBe(403);
    expect(note.body.error.code).toBe('forbidden');
  });
});
