import type { Config } from '../../platform/config.ts';
import { type Db, type Dialect, type Executor, nowIso } from '../../platform/db/database.ts';
import { defaultGroupId } from '../groups/groups.queries.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import { enqueueTicketNotifications } from '../notifications/enqueue-ticket-notifications.ts';
import { appendToTicketIndex, indexNewTicket } from '../tickets/ticket-index.ts';
import { type HistoryEntry, recordHistory } from '../tickets/ticket-history.ts';
import { LIMITS, PRIORITY_RANK } from '../../../shared/enums.ts';
import { findOrCreateSender, type Sender, senderMayWrite } from './mail-sender.ts';
import { mailDomain, ticketOfOurMessageId, ticketOfSubject } from './message-ids.ts';
import { parseMail, type ParsedInbound } from './parse-mail.ts';
import { type AttachmentLimits, insertAttachmentRows, storeMailAttachments } from './store-mail-attachments.ts';

export interface IntakeOptions {
  dataDir: string;
  mailFrom: string;
  /** Our own addresses (sender, inbound recipients): never kept as CCs. */
  ownAddresses: string[];
  /** A reply to a ticket closed longer ago than this starts a new, linked ticket. */
  reopenDays: number;
  limits: AttachmentLimits;
  /** At most `count` mails per sender within `seconds`; more are kept but not processed (loops). */
  senderLimit: { count: number; seconds: number };
}

export function intakeOptions(config: Pick<Config, 'dataDir' | 'mailFrom' | 'maxAttachmentBytes' | 'smtpRecipients'>, env: NodeJS.ProcessEnv = process.env): IntakeOptions {
  const [count, seconds] = (env.ANLAUF_MAIL_SENDER_LIMIT || '30/600').split('/').map(Number);
  return {
    dataDir: config.dataDir,
    mailFrom: config.mailFrom,
    ownAddresses: [addressOf(config.mailFrom), ...config.smtpRecipients.filter((r) => !r.startsWith('@'))].filter((a): a is string => Boolean(a)),
    reopenDays: Number(env.ANLAUF_MAIL_REOPEN_DAYS) || 14,
    limits: { perFileBytes: config.maxAttachmentBytes, perMailBytes: Number(env.ANLAUF_MAIL_MAX_ATTACHMENTS_BYTES) || 50 * 1024 * 1024, perMailCount: 100 },
    senderLimit: { count: count || 30, seconds: seconds || 600 },
  };
}

export type IntakeOutcome = 'new_ticket' | 'reply' | 'reopened' | 'new_linked_ticket' | 'auto_attached' | 'ignored' | 'rate_limited' | 'duplicate';

const addressOf = (from: string) => /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(from)?.[1]?.toLowerCase();

const REPLY_PREFIX = /^\s*((re|aw|antw|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i;

function ticketSubject(subject: string): string {
  const cleaned = subject.replace(/\s*\[#\d+\]\s*/g, ' ').replace(REPLY_PREFIX, '').trim();
  return (cleaned || '(no subject)').slice(0, LIMITS.subjectMax);
}

function messageBody(parsed: ParsedInbound, notes: string[]): string {
  const parts = [parsed.text, ...notes.map((n) => `[${n}]`)].filter(Boolean);
  const body = parts.join('\n\n');
  return body.length > LIMITS.bodyMaxChars ? `${body.slice(0, LIMITS.bodyMaxChars - 80)}\n\n[The text was shortened; the full mail is kept.]` : body;
}

/** Which ticket a mail answers: our Message-IDs in In-Reply-To/References, else the subject tag. */
async function referencedTicket(db: Executor, parsed: ParsedInbound, raw: Buffer, domain: string): Promise<number | undefined> {
  const ids = [...parsed.inReplyTo, ...parsed.references.slice().reverse()];
  if (ids.length > 0) {
    const known = await db.selectFrom('mail_threads').select(['message_id', 'ticket_id']).where('message_id', 'in', ids.slice(0, 100)).execute();
    for (const id of ids) {
      const hit = known.find((k) => k.message_id === id)?.ticket_id ?? ticketOfOurMessageId(id, domain);
      if (hit) return hit;
    }
  }
  const tagged = ticketOfSubject(parsed.subject);
  if (tagged) return tagged;
  if (parsed.bounce) {
    // A bounce quotes the headers of our mail somewhere in its body.
    const match = new RegExp(`<anlauf\\.t(\\d{1,10})[.\\w-]*@${domain.replace(/[.]/g, '\\.')}>`, 'i').exec(raw.toString('latin1'));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * The `mail.intake` job: turns one stored raw mail into a new ticket or a reply, in one
 * transaction that also marks the mail processed, so a crash at any point leads to exactly one
 * result when the job runs again.
 */
export function processInboundMailHandler(options: IntakeOptions): JobHandler {
  return async (payload, { db, dialect }) => {
    const { inboundId } = payload as { inboundId: number };
    await processInboundMail(db, dialect, inboundId, options);
  };
}

export async function processInboundMail(mdb: Db, dialect: Dialect, inboundId: number, options: IntakeOptions): Promise<IntakeOutcome> {
  const row = await mdb.selectFrom('inbound_mails').select(['raw', 'status', 'envelope_from']).where('id', '=', inboundId).executeTakeFirst();
  if (!row || row.status !== 'received') return 'duplicate';
  const raw = Buffer.from(row.raw);
  const parsed = await parseMail(raw);
  const domain = mailDomain(options.mailFrom);
  const fromAddress = parsed.from?.address ?? row.envelope_from?.toLowerCase() ?? undefined;
  const stored = parsed.attachments.length ? storeMailAttachments(options.dataDir, parsed.attachments, options.limits) : { files: [], notes: [] };

  return mdb.transaction().execute(async (trx) => {
    const now = nowIso();
    // Claim: only one run turns this mail into a ticket (a second run finds it processed).
    const claimed = await trx.updateTable('inbound_mails').set({ status: 'processed', processed_at: now, from_address: fromAddress ?? null }).where('id', '=', inboundId).where('status', '=', 'received').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return 'duplicate';
    const finish = async (outcome: IntakeOutcome, status: string, ticketId: number | null = null, messageRowId: number | null = null) => {
      await trx.updateTable('inbound_mails').set({ status, outcome, ticket_id: ticketId, message_row_id: messageRowId }).where('id', '=', inboundId).execute();
      return outcome;
    };
    const plain = trx;

    if (!fromAddress || options.ownAddresses.includes(fromAddress)) return finish('ignored', 'ignored');
    const since = new Date(Date.now() - options.senderLimit.seconds * 1000).toISOString();
    const recent = await trx.selectFrom('inbound_mails').select((eb) => eb.fn.countAll<number>().as('n')).where('from_address', '=', fromAddress).where('received_at', '>=', since).where('status', 'in', ['processed']).executeTakeFirstOrThrow();
    if (Number(recent.n) > options.senderLimit.count) return finish('rate_limited', 'rate_limited');

    const sender = await findOrCreateSender(plain, fromAddress, parsed.from?.name ?? '');
    const quiet = parsed.automatic || parsed.bounce;
    let ticketId = await referencedTicket(trx, parsed, raw, domain);
    let ticket = ticketId ? await trx.selectFrom('tickets').select(['id', 'status', 'closed_at', 'requester_id', 'version']).where('id', '=', ticketId).executeTakeFirst() : undefined;
    if (ticket && !quiet && !(await senderMayWrite(plain, sender, ticket.id))) ticket = undefined;
    if (quiet && !ticket) return finish('ignored', 'ignored');

    const body = messageBody(parsed, stored.notes);
    let linkedFrom: number | undefined;
    if (ticket && !quiet && ticket.status === 'closed') {
      const closedAt = ticket.closed_at ? Date.parse(ticket.closed_at) : 0;
      if (Date.now() - closedAt > options.reopenDays * 86_400_000) {
        linkedFrom = ticket.id;
        ticket = undefined;
      }
    }

    if (ticket) {
      // A reply on an existing ticket (automatic mail as an internal note, nobody notified).
      const internal = quiet;
      const byAgent = sender.role === 'agent' || sender.role === 'admin';
      const message = await trx.insertInto('messages').values({ ticket_id: ticket.id, author_id: sender.id, internal: internal ? 1 : 0, body, body_html: parsed.html, created_at: now }).returning('id').executeTakeFirstOrThrow();
      const history: HistoryEntry[] = [{ ticketId: ticket.id, actorId: sender.id, kind: internal ? 'note' : 'message', newValue: String(message.id), internal, at: now }];
      let status: string | undefined;
      if (!internal) status = byAgent ? (ticket.status === 'new' ? 'open' : undefined) : ['pending', 'resolved', 'closed'].includes(ticket.status) ? 'open' : undefined;
      const set: { updated_at: string; status?: string; version?: number; resolved_at?: null; closed_at?: null } = { updated_at: now };
      if (status) {
        Object.assign(set, { status, version: ticket.version + 1, resolved_at: null, closed_at: null });
        history.push({ ticketId: ticket.id, actorId: sender.id, kind: 'changed', field: 'status', oldValue: ticket.status, newValue: status, at: now });
      }
      await trx.updateTable('tickets').set(set).where('id', '=', ticket.id).execute();
      await recordHistory(plain, history);
      await appendToTicketIndex(plain, dialect, ticket.id, body, internal);
      await insertAttachmentRows(plain, ticket.id, message.id, sender.id, stored.files);
      await addThreadAndCcs(trx, parsed, ticket.id, message.id, [sender.email, ...options.ownAddresses], !internal);
      if (!internal) await enqueueTicketNotifications(plain, { event: 'message', ticketId: ticket.id, actorId: sender.id, messageId: message.id, internal: false, changes: history });
      return finish(quiet ? 'auto_attached' : ticket.status === 'closed' ? 'reopened' : 'reply', 'processed', ticket.id, message.id);
    }

    // A new ticket, requested by the sender.
    const subject = ticketSubject(parsed.subject);
    const groupId = await defaultGroupId(plain);
    const created = await trx
      .insertInto('tickets')
      .values({ subject, status: 'new', priority: 'normal', priority_rank: PRIORITY_RANK.normal, requester_id: sender.id, organisation_id: sender.organisation_id, group_id: groupId, assignee_id: null, category_id: null, channel: 'email', version: 1, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    ticketId = created.id;
    const message = await trx.insertInto('messages').values({ ticket_id: ticketId, author_id: sender.id, internal: 0, body, body_html: parsed.html, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const history: HistoryEntry[] = [{ ticketId, actorId: sender.id, kind: 'created', newValue: 'email', at: now }];
    if (linkedFrom) {
      history.push({ ticketId, actorId: sender.id, kind: 'linked', field: 'ticket', newValue: String(linkedFrom), at: now });
      history.push({ ticketId: linkedFrom, actorId: sender.id, kind: 'linked', field: 'ticket', newValue: String(ticketId), at: now });
    }
    await recordHistory(plain, history);
    await indexNewTicket(plain, dialect, ticketId, `${subject}\n${body}`);
    await insertAttachmentRows(plain, ticketId, message.id, sender.id, stored.files);
    await addThreadAndCcs(trx, parsed, ticketId, message.id, [sender.email, ...options.ownAddresses], true);
    await enqueueTicketNotifications(plain, { event: 'created', ticketId, actorId: sender.id });
    return finish(linkedFrom ? 'new_linked_ticket' : 'new_ticket', 'processed', ticketId, message.id);
  });
}

/** Remembers the mail's Message-ID for threading and keeps its CCs (not us, not the sender). */
async function addThreadAndCcs(trx: Executor, parsed: ParsedInbound, ticketId: number, messageRowId: number, exclude: string[], keepCcs: boolean): Promise<void> {
  await trx.insertInto('mail_threads').values({ message_id: parsed.messageId, ticket_id: ticketId, message_row_id: messageRowId, direction: 'in', created_at: nowIso() }).onConflict((oc) => oc.column('message_id').doNothing()).execute();
  if (!keepCcs) return;
  const ccs = [...new Set(parsed.cc.map((c) => c.address))].filter((a) => !exclude.includes(a)).slice(0, 20);
  if (ccs.length > 0) await trx.insertInto('ticket_ccs').values(ccs.map((email) => ({ ticket_id: ticketId, email }))).onConflict((oc) => oc.columns(['ticket_id', 'email']).doNothing()).execute();
}
