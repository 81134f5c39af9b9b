import { JobRunner } from '../../../platform/jobs/runner.ts';
import { SEND_MAIL_JOB } from '../../mail/outgoing-mail.ts';
import { sendMailHandler } from '../../mail/send-mail.job.ts';
import { startSmtpSink, type SunkMail } from '../../mail/test/smtp-sink.ts';
import type { Dialect } from '../../../platform/db/database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../../test/test-app.ts';
import { NOTIFY_TICKET_JOB } from '../enqueue-ticket-notifications.ts';
import { notifyTicketHandler } from '../notify-ticket.job.ts';

export const RIG_PUBLIC_URL = 'https://help.example.com';
export const RIG_MAIL_FROM = 'Anlauf Helpdesk <helpdesk@help.example.com>';

/**
 * A real app and a real worker that sends through SMTP into a sink on loopback, with the people
 * the notification tests talk about: Anna (English) and Bernd in the Service Desk, Nina in the
 * network team, and Rita (English) as the requester.
 */
export interface NotificationRig {
  t: TestApp;
  sink: Awaited<ReturnType<typeof startSmtpSink>>;
  network: number;
  anna: TestUser;
  bernd: TestUser;
  nina: TestUser;
  requester: TestUser;
  /** Runs the worker until the outbox is empty and returns the mails that arrived meanwhile. */
  deliver(): Promise<SunkMail[]>;
  /** Notification jobs that did not finish (a crash would leave them here). */
  unfinishedNotifications(): Promise<Array<{ id: number; status: string }>>;
  close(): Promise<void>;
}

export async function startNotificationRig(dialect: Dialect): Promise<NotificationRig> {
  const sink = await startSmtpSink();
  const t = await createTestApp(dialect, { publicUrl: RIG_PUBLIC_URL, mailFrom: RIG_MAIL_FROM });
  const network = await t.group('Netzwerk', 'specialist');
  const anna = await t.user({ role: 'agent', name: 'Anna Agent' });
  const bernd = await t.user({ role: 'agent', name: 'Bernd Bearbeiter' });
  const nina = await t.user({ role: 'agent', name: 'Nina Netzwerk', groupIds: [network] });
  const requester = await t.user({ role: 'customer', name: 'Rita Requester' });
  await t.db.handle.db.updateTable('users').set({ locale: 'en' }).where('id', 'in', [requester.id, anna.id]).execute();
  const send = sendMailHandler({ smtpOut: sink.url, mailFrom: RIG_MAIL_FROM });
  const runner = new JobRunner({ db: t.db.handle.db, dialect })
    .register(NOTIFY_TICKET_JOB, notifyTicketHandler({ publicUrl: RIG_PUBLIC_URL, mailFrom: RIG_MAIL_FROM }))
    .register(SEND_MAIL_JOB, send.handler);
  return {
    t,
    sink,
    network,
    anna,
    bernd,
    nina,
    requester,
    async deliver() {
      const before = sink.mails.length;
      await runner.drain();
      return sink.mails.slice(before);
    },
    unfinishedNotifications: () => t.db.handle.db.selectFrom('jobs').select(['id', 'status']).where('kind', '=', NOTIFY_TICKET_JOB).where('status', '!=', 'done').execute(),
    async close() {
      send.close();
      await sink.close();
      await t.close();
    },
  };
}
