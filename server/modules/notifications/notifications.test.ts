import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SunkMail } from '../mail/test/smtp-sink.ts';
import { DIALECTS } from '../../test/test-database.ts';
import type { TestApp, TestUser } from '../../test/test-app.ts';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { SEND_MAIL_JOB } from '../mail/outgoing-mail.ts';
import { sendMailHandler } from '../mail/send-mail.job.ts';
import { notificationsSubscriber } from './notify-ticket.ts';
import { type NotificationRig, RIG_MAIL_FROM, RIG_PUBLIC_URL, startNotificationRig } from './test/notification-rig.ts';
describe.each(DIALECTS)('mail notifications on %s', (dialect) => {
  let rig: NotificationRig;
  let t: TestApp;
  let sink: NotificationRig['sink'];
  let anna: TestUser;
  let bernd: TestUser;
  let nina: TestUser;
  let requester: TestUser;
  let network: number;
  const publicUrl = RIG_PUBLIC_URL;
  const mailFrom = RIG_MAIL_FROM;

  beforeAll(async () => {
    rig = await startNotificationRig(dialect);
    ({ t, sink, anna, bernd, nina, requester, network } = rig);
  });
  afterAll(() => rig.close());

  async function deliver(): Promise<SunkMail[]> {
    const mails = await rig.deliver();
    expect(await rig.unfinishedNotifications()).toEqual([]);
    return mails;
  }
  const to = (mails: SunkMail[], user: TestUser) => mails.filter((m) => m.envelopeTo.includes(user.email));

  it('mails requester and agents in their language, threads the conversation and never mails internal notes', async () => {
    const created = await requester.client.post('/api/v1/tickets', { subject: 'VPN drops every hour', body: 'Since Monday the VPN disconnects.' });
    expect(created.status).toBe(201);
    const id: number = created.body.id;

    const first = await deliver();
    // The requester gets the receipt with the number; the agents of the group (the admin is one) hear of it.
    expect(first.map((m) => m.envelopeTo[0]).sort()).toEqual([anna.email, bernd.email, t.admin.email, requester.email].sort());
    const receipt = to(first, requester)[0]!.parsed;
    expect(receipt.subject).toBe(`[#${id}] VPN drops every hour`);
    expect(receipt.text).toContain(`ticket #${id}`);
    expect(receipt.html).toContain(`ticket #${id}`);
    expect(receipt.from?.value[0]).toMatchObject({ name: 'Anlauf Helpdesk', address: 'helpdesk@help.example.com' });
    expect(receipt.messageId).toMatch(new RegExp(`^<anlauf\\.t${id}\\..+@help\\.example\\.com>$`));
    expect(receipt.inReplyTo).toBe(`<anlauf.t${id}@help.example.com>`);
    expect(receipt.headers.get('auto-submitted')).toBe('auto-generated');
    expect(to(first, anna)[0]!.parsed.text).toContain(`New ticket #${id} in your group`);
    expect(to(first, bernd)[0]!.parsed.text).toContain(`Neues Ticket #${id} in Ihrer Gruppe`);

    // An internal note reaches nobody by mail.
    const note = await anna.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Secret: router password is Zebrafink', internal: true });
    expect(note.status).toBe(201);
    expect(await deliver()).toEqual([]);

    // Anna answers publicly and waits for the requester: only the requester is mailed, threaded.
    const reply = await anna.client.post(`/api/v1/tickets/${id}/messages`, { body: 'Please update the VPN client to 5.2.', status: 'pending' });
    expect(reply.status).toBe(201);
    const replied = await deliver();
    expect(replied).toHaveLength(1);
    const answer = replied[0]!.parsed;
    expect(replied[0]!.envelopeTo).toEqual([requester.email]);
    expect(answer.subject).toBe(`[#${id}] VPN drops every hour`);
    expect(answer.text).toContain('Anna Agent replied to your ticket');
    expect(answer.text).toContain('Please update the VPN client to 5.2.');
    expect(answer.text).toContain('We are waiting for your answer');
    expect(answer.headers.get('auto-submitted')).toBeUndefined();
    const refs = Array.isArray(answer.references) ? answer.references : [answer.references];
    expect(refs).toContain(`<anlauf.t${id}@help.example.com>`);
    expect(refs).toContain(receipt.messageId);

    // Assignment: the new assignee hears of it (German), the one who assigned does not.
    let version: number = (await anna.client.get(`/api/v1/tickets/${id}`)).body.version;
    const assigned = await anna.client.patch(`/api/v1/tickets/${id}`, { version, assigneeId: bernd.id });
    expect(assigned.status).toBe(200);
    const assignMails = await deliver();
    expect(assignMails.map((m) => m.envelopeTo[0])).toEqual([bernd.email]);
    expect(assignMails[0]!.parsed.text).toContain(`Ticket #${id} wurde Ihnen zugewiesen`);

    // Escalation to the network team.
    version = assigned.body.version;
    const escalated = await bernd.client.patch(`/api/v1/tickets/${id}`, { version, groupId: network, assigneeId: null });
    expect(escalated.status).toBe(200);
    const escMails = await deliver();
    expect(escMails.map((m) => m.envelopeTo[0])).toEqual([nina.email]);
    expect(escMails[0]!.parsed.text).toContain('an Ihre Gruppe Netzwerk eskaliert');

    // Resolved: the requester gets the satisfaction link.
    const resolved = await nina.client.patch(`/api/v1/tickets/${id}`, { version: escalated.body.version, status: 'resolved' });
    expect(resolved.status).toBe(200);
    const resMails = await deliver();
    expect(resMails.map((m) => m.envelopeTo[0])).toEqual([requester.email]);
    expect(resMails[0]!.parsed.text).toContain(`${publicUrl}/portal/requests/${id}`);
    expect(resMails[0]!.parsed.text).toContain('has been resolved');

    // The requester closing their own ticket mails nobody; nothing ever carried the note.
    expect((await requester.client.patch(`/api/v1/tickets/${id}`, { version: resolved.body.version, status: 'closed' })).status).toBe(200);
    expect(await deliver()).toEqual([]);
    for (const mail of sink.mails) {
      expect(mail.raw.toString('utf8')).not.toContain('Zebrafink');
    }
  });

  it('queues each notification once even when its event is delivered again after a crash', async () => {
    const created = await requester.client.post('/api/v1/tickets', { subject: 'Doppelt?', body: 'Einmal bitte.' });
    const db = t.db.handle.db;
    const row = await db.selectFrom('domain_events').selectAll().where('type', '=', 'ticket.created').where('aggregate_id', '=', created.body.id).executeTakeFirstOrThrow();
    const event = { id: row.id, type: row.type, aggregateId: row.aggregate_id, actorId: row.actor_id, payload: JSON.parse(row.payload) as unknown, occurredAt: row.created_at };
    const subscriber = notificationsSubscriber({ publicUrl, mailFrom, dataDir: t.config.dataDir });
    const countMails = async () =>
      (await db.selectFrom('jobs').select('payload').where('kind', '=', SEND_MAIL_JOB).execute()).filter((j) => (JSON.parse(j.payload) as { ticketId?: number }).ticketId === created.body.id).length;
    await subscriber.handle(event, { db, dialect });
    const once = await countMails();
    expect(once).toBeGreaterThan(0);
    // The dispatcher died before moving its cursor: the event comes again and queues nothing new.
    await subscriber.handle(event, { db, dialect });
    expect(await countMails()).toBe(once);
    await deliver();
    expect(await countMails()).toBe(once);
  });

  it('keeps mail queued when no SMTP server is configured and shows failed sending to admins', async () => {
    const { enqueue } = await import('../../platform/jobs/queue.ts');
    const jobId = await enqueue(t.db.handle.db, SEND_MAIL_JOB, { to: 'x@example.com', subject: 's', text: 't' }, { maxAttempts: 1 });
    await new JobRunner({ db: t.db.handle.db, dialect }).drain();
    expect((await t.db.handle.db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()).status).toBe('queued');

    const broken = sendMailHandler({ smtpOut: 'smtp://127.0.0.1:1', mailFrom });
    await new JobRunner({ db: t.db.handle.db, dialect }).register(SEND_MAIL_JOB, broken.handler).drain();
    broken.close();
    const failed = await t.admin.client.get(`/api/v1/admin/jobs?status=failed&kind=${SEND_MAIL_JOB}`);
    expect(failed.body.items.map((j: { id: number }) => j.id)).toContain(jobId);
    expect(failed.body.items.find((j: { id: number }) => j.id === jobId).lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});
