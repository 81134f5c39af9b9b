import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { enqueueOnceMany } from '../../platform/jobs/queue.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { JobRegistrar } from '../../platform/worker-role.ts';
import { learnedLocales } from '../language/detect-language.ts';
import { digestMessageId } from '../mail/digest-reply.ts';
import { mailDomain } from '../mail/message-ids.ts';
import { queueMail } from '../mail/outgoing-mail.ts';
import { localeOf, renderDigest } from './templates.ts';

/**
 * The digest of new-ticket notices. An agent hears of a new ticket in their groups at once, as
 * before; a further new ticket within `agentDigestSeconds` of that mail waits, and at the end of
 * the window one mail lists every ticket that waited. In a quiet hour nothing changes; when a
 * hundred people write in about the same outage, each agent gets one mail a minute instead of a
 * hundred, and the worker sends one mail per ticket (the receipt) plus one per agent and minute
 * instead of one per agent and ticket.
 *
 * Holding happens in the notifications subscriber's transaction (exactly once per event); the
 * digest job deletes what it lists and queues its mail in one transaction. Both take the agent's
 * window row first (PostgreSQL: FOR UPDATE / UPDATE), so a notice held while the digest runs is
 * either in that digest or finds the new window and its own digest job.
 */
export const AGENT_DIGEST_JOB = 'notifications.agent_digest';
const digestPayload = z.object({ userId: z.number().int().positive() });

/** At most this many tickets are listed in one digest; the rest are counted, with a link to the queue. */
const DIGEST_LISTED = 50;

const ROWS_PER_INSERT = 1000;

export interface NewTicketNotice {
  eventId: number;
  ticketId: number;
  userId: number;
}

/**
 * Decides, for the new-ticket notices of a chunk of events (in event order), which go out now and
 * which wait for the agent's digest; writes the windows, the held notices and the digest jobs.
 * Returns the held ones as `eventId:userId`.
 */
export async function holdNewTicketNotices(db: Executor, notices: NewTicketNotice[], windowSeconds: number): Promise<Set<string>> {
  const held = new Set<string>();
  if (windowSeconds <= 0 || notices.length === 0) return held;
  const userIds = [...new Set(notices.map((n) => n.userId))];
  let read = db.selectFrom('agent_notice_windows').select(['user_id', 'held_until']).where('user_id', 'in', userIds);
  if (dialectOf(db) === 'postgres') read = read.forUpdate();
  const windows = new Map((await read.execute()).map((w) => [w.user_id, w.held_until]));
  const now = nowIso();
  const opened = new Map<number, string>();
  const rows: Array<{ user_id: number; event_id: number; ticket_id: number; created_at: string }> = [];
  const digests = new Map<string, { userId: number; runAt: string }>();
  for (const notice of notices) {
    const until = windows.get(notice.userId);
    if (until === undefined || until <= now) {
      const next = new Date(Date.parse(now) + windowSeconds * 1000).toISOString();
      windows.set(notice.userId, next);
      opened.set(notice.userId, next);
      continue;
    }
    held.add(`${notice.eventId}:${notice.userId}`);
    rows.push({ user_id: notice.userId, event_id: notice.eventId, ticket_id: notice.ticketId, created_at: now });
    digests.set(`${notice.userId}:${until}`, { userId: notice.userId, runAt: until });
  }
  if (opened.size > 0) {
    await db
      .insertInto('agent_notice_windows')
      .values([...opened].map(([user_id, held_until]) => ({ user_id, held_until })))
      .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ held_until: eb.ref('excluded.held_until') })))
      .execute();
  }
  // In parts: a chunk of events to a large group holds thousands (SQLite binds at most 32,766 values).
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db
      .insertInto('agent_notices_held')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict((oc) => oc.columns(['user_id', 'event_id']).doNothing())
      .execute();
  }
  // One digest per agent and window, however many chunks hold notices for it.
  await enqueueOnceMany(
    db,
    AGENT_DIGEST_JOB,
    [...digests].map(([key, { userId, runAt }]) => ({ payload: { userId }, key: `agent-digest:${key}`, runAt })),
  );
  return held;
}

type DigestConfig = Pick<Config, 'publicUrl' | 'mailFrom' | 'agentDigestSeconds'>;

/**
 * Sends an agent the digest of the new tickets held for them: one mail listing them (newest
 * last), and a new window from now, so the next new ticket waits for the next digest rather than
 * following this mail at once. Nothing held (a retry, or another digest took them): nothing sent.
 */
export async function sendAgentDigest(db: Db, config: DigestConfig, userId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // The window row first, moved to start now: a notice being held right now commits before this
    // reads, or waits for the row and then sees the new window (and gets a digest of its own). A
    // retried digest finds nothing held and only moves the window it moved before.
    await trx
      .updateTable('agent_notice_windows')
      .set({ held_until: new Date(Date.now() + config.agentDigestSeconds * 1000).toISOString() })
      .where('user_id', '=', userId)
      .execute();
    const taken = await trx.deleteFrom('agent_notices_held').where('user_id', '=', userId).returning(['event_id', 'ticket_id']).execute();
    if (taken.length === 0) return 0;
    const agent = await trx.selectFrom('users').select(['email', 'name', 'locale', 'active']).where('id', '=', userId).executeTakeFirst();
    if (!agent?.active) return 0;
    const ticketIds = [...new Set(taken.sort((a, b) => a.event_id - b.event_id).map((t) => t.ticket_id))];
    const found = await trx
      .selectFrom('tickets')
      .innerJoin('groups', 'groups.id', 'tickets.group_id')
      .select(['tickets.id', 'tickets.subject', 'tickets.status', 'groups.name as groupName'])
      .where('tickets.id', 'in', ticketIds.slice(0, DIGEST_LISTED))
      .execute();
    const byId = new Map(found.map((t) => [t.id, t]));
    const listed = ticketIds
      .slice(0, DIGEST_LISTED)
      .flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
      .map((t) => ({ id: t.id, subject: t.subject, status: t.status, groupName: t.groupName, url: `${config.publicUrl}/agent/tickets/${t.id}` }));
    // An unset language as for the agent's other mails: their own first message's, German when nothing is known.
    const locale = agent.locale ?? (await learnedLocales(trx, [userId])).get(userId);
    const rendered = renderDigest(localeOf(locale), {
      recipientName: agent.name,
      tickets: listed,
      more: ticketIds.length - listed.length,
      queueUrl: `${config.publicUrl}/agent`,
    });
    const firstEvent = taken[0]!.event_id;
    await queueMail(trx, {
      to: agent.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: digestMessageId(userId, firstEvent, mailDomain(config.mailFrom)),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
    return ticketIds.length;
  });
}

export function agentDigestHandler(config: DigestConfig): JobHandler {
  return async (payload, { db }) => {
    await sendAgentDigest(db, config, digestPayload.parse(payload).userId);
  };
}

export const registerNotificationJobs: JobRegistrar = (runner, { config }) => {
  runner.register(AGENT_DIGEST_JOB, agentDigestHandler(config));
};
