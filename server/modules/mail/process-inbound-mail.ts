import type { Config } from '../../platform/config.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import type { GiveUpHandler, JobHandler } from '../../platform/jobs/runner.ts';
import { loadActor } from '../auth/auth.queries.ts';
import { addMessage } from '../tickets/add-message.ts';
import { createTicket } from '../tickets/create-ticket.ts';
import { routeFor } from './mail-routing.ts';
import { mergedInto } from '../tickets/merge-tickets.ts';
import { isAgent, requesterMayReopen } from '../tickets/tickets.policy.ts';
import { LIMITS } from '../../../shared/enums.ts';
import { headerLimitExceeded } from './header-limits.ts';
import { findOrCreateSender, senderMayWrite } from './mail-sender.ts';
import { answersDigest, DIGEST_REPLY_REASON, returnDigestReply } from './digest-reply.ts';
import { mailDomain, ticketOfOurMessageId, ticketOfSubject } from './message-ids.ts';
import { parseMail, type ParsedInbound } from './parse-mail.ts';
import { replyTokenKey, ticketOfReplyToken } from './reply-token.ts';
import { type AttachmentLimits, storeMailAttachments } from './store-mail-attachments.ts';
import { INTAKE_MAX_ATTEMPTS } from './store-inbound-mail.ts';
import { type SenderVerification, type SenderVerificationOptions, verifySender } from './verify-sender.ts';

export interface IntakeOptions {
  dataDir: string;
  mailFrom: string;
  /** Our own addresses (sender, inbound recipients): never kept as CCs. */
  ownAddresses: string[];
  limits: AttachmentLimits;
  /** At most `count` mails per sender within `seconds`; more are kept but not processed (loops). */
  senderLimit: { count: number; seconds: number };
  /** How the From address is verified (verify-sender.ts). */
  trust: SenderVerificationOptions;
  /** The key of the reply tokens in the Reply-To of our mail (reply-token.ts). */
  replyTokenKey: Buffer;
  /** Parses a raw mail; parse-mail.ts on this thread unless a parser thread is handed in (parse-thread.ts). */
  parse?: (raw: Buffer) => Promise<ParsedInbound>;
}

type IntakeConfig = Pick<Config, 'dataDir' | 'mailFrom' | 'maxAttachmentBytes' | 'smtpRecipients'> &
  Partial<Pick<Config, 'mailTrust' | 'mailAuthservId' | 'mailSenderLimit' | 'mailMaxAttachmentsBytes'>>;

export function intakeOptions(config: IntakeConfig): IntakeOptions {
  return {
    dataDir: config.dataDir,
    mailFrom: config.mailFrom,
    ownAddresses: [addressOf(config.mailFrom), ...config.smtpRecipients.filter((r) => !r.startsWith('@'))].filter((a): a is string => Boolean(a)),
    limits: { perFileBytes: config.maxAttachmentBytes, perMailBytes: config.mailMaxAttachmentsBytes ?? 50 * 1024 * 1024, perMailCount: 100 },
    senderLimit: config.mailSenderLimit ?? { count: 30, seconds: 600 },
    trust: { trust: config.mailTrust ?? 'verify', authservId: config.mailAuthservId, mta: mailDomain(config.mailFrom) },
    replyTokenKey: replyTokenKey(config.dataDir),
  };
}

/** `held`: parked for an admin (an agent's address we could not verify); `failed`: intake kept failing. */
export type IntakeOutcome = 'new_ticket' | 'reply' | 'reopened' | 'new_linked_ticket' | 'auto_attached' | 'ignored' | 'rate_limited' | 'duplicate' | 'held' | 'failed';

const addressOf = (from: string) => /<?([^<>\s]+@[^<>\s]+)>?\s*$/.exec(from)?.[1]?.toLowerCase();

const REPLY_PREFIX = /^\s*((re|aw|antw|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i;

function ticketSubject(subject: string): string {
  const cleaned = subject
    .replace(/\s*\[#\d+\]\s*/g, ' ')
    .replace(REPLY_PREFIX, '')
    .trim();
  return (cleaned || '(no subject)').slice(0, LIMITS.subjectMax);
}

function messageBody(parsed: ParsedInbound, notes: string[]): string {
  const parts = [parsed.text, ...notes.map((n) => `[${n}]`)].filter(Boolean);
  const body = parts.join('\n\n');
  return body.length > LIMITS.bodyMaxChars ? `${body.slice(0, LIMITS.bodyMaxChars - 80)}\n\n[The text was shortened; the full mail is kept.]` : body;
}

/** Which ticket a mail answers: our Message-IDs in In-Reply-To/References, else the subject tag. */
async function referencedTicket(db: Executor, parsed: ParsedInbound, domain: string): Promise<number | undefined> {
  const ids = [...parsed.inReplyTo, ...parsed.references.slice().reverse()];
  if (ids.length > 0) {
    const known = await db.selectFrom('mail_threads').select(['message_id', 'ticket_id']).where('message_id', 'in', ids.slice(0, 100)).execute();
    for (const id of ids) {
      const hit = known.find((k) => k.message_id === id)?.ticket_id ?? ticketOfOurMessageId(id, domain);
      if (hit) return hit;
    }
  }
  return ticketOfSubject(parsed.subject);
}

/**
 * The `mail.intake` job: turns one stored raw mail into a new ticket or a reply, in one
 * transaction that also marks the mail processed, so a crash at any point leads to exactly one
 * result when the job runs again.
 */
export function processInboundMailHandler(options: IntakeOptions): JobHandler {
  return async (payload, { db, attempt }) => {
    const { inboundId } = payload as { inboundId: number };
    try {
      await processInboundMail(db, inboundId, options);
    } catch (error) {
      // A mail that keeps failing is parked for an admin instead of being retried for ever.
      if (attempt >= INTAKE_MAX_ATTEMPTS) await parkInboundMail(db, inboundId, 'failed', `Intake failed ${attempt} times: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };
}

/**
 * The intake job failed for good without its handler having parked the mail: its workers kept
 * stopping while they ran it (a crash, a kill, a restart each time), and no attempt was left. A
 * mail not yet processed is set aside for an admin then, rather than waiting for ever.
 */
export const parkWhenGivenUp: GiveUpHandler = async (payload, { db, reason }) => {
  // Only one still waiting: the last worker may have processed it and stopped before the job was marked done.
  await parkInboundMail(db, (payload as { inboundId: number }).inboundId, 'failed', `Intake gave up: ${reason}`, ['received']);
};

/**
 * Sets a mail aside for an admin (GET /admin/inbound-mails) with the reason, if its status is one of `from`.
 */
export async function parkInboundMail(db: Executor, inboundId: number, status: 'failed' | 'held', reason: string, from = ['received', 'processed']): Promise<void> {
  await db
    .updateTable('inbound_mails')
    .set({ status, outcome: status, failure_reason: reason.slice(0, 2000), processed_at: nowIso() })
    .where('id', '=', inboundId)
    .where('status', 'in', from)
    .execute();
}

/**
 * `force`: an admin asked for this mail to be processed again (reprocess-inbound-mail.ts): what
 * was ignored as bulk, automatic or a loop becomes a ticket where it answers none. The checks
 * that protect others (our own address, an agent's unverified address) still apply.
 */
export async function processInboundMail(
  db: Db,
  inboundId: number,
  options: IntakeOptions,
  { force = false, knownCheck }: { force?: boolean; knownCheck?: SenderVerification | undefined } = {},
): Promise<IntakeOutcome> {
  const row = await storedMail.takeFirst(db, { id: inboundId });
  if (!row || row.status !== 'received') return 'duplicate';
  const raw = Buffer.from(row.raw);
  // Stored before the limits existed: never handed to the parser.
  const tooLarge = headerLimitExceeded(raw);
  if (tooLarge) {
    await parkInboundMail(db, inboundId, 'failed', tooLarge);
    return 'failed';
  }
  const parsed = await (options.parse ?? parseMail)(raw);
  const domain = mailDomain(options.mailFrom);
  const fromAddress = parsed.from?.address ?? row.envelope_from?.toLowerCase() ?? undefined;
  // Processed again: the verification of its arrival stands (DNS keys may have rotated since).
  const check = knownCheck ?? (await verifySender(raw, fromAddress, { ip: row.client_ip, helo: row.client_helo, envelopeFrom: row.envelope_from }, options.trust));
  const recipients = [...(row.envelope_to?.split(',') ?? []), ...parsed.to.map((a) => a.address), ...parsed.cc.map((a) => a.address)];
  const tokenTicket = fromAddress ? ticketOfReplyToken(options.replyTokenKey, recipients, fromAddress) : undefined;
  const stored = parsed.attachments.length ? storeMailAttachments(options.dataDir, parsed.attachments, options.limits) : { files: [], notes: [] };

  return inTransaction(db, async (trx) => {
    const now = nowIso();
    // Claim: only one run turns this mail into a ticket (a second run finds it processed). The
    // row is locked here (SQLite: the transaction holds the write lock from its start) and
    // written once, at the end: it holds the whole raw mail, and every update of it rebuilds
    // that record (a second update cost 10 ms for a 2 MB mail on SQLite).
    const current = await lockedStatus.takeFirst(trx, { id: inboundId });
    if (current?.status !== 'received') return 'duplicate';
    const finish = async (outcome: IntakeOutcome, status: string, ticketId: number | null = null, messageRowId: number | null = null, reason: string | null = null) => {
      await recordOutcome.execute(trx, {
        id: inboundId,
        status,
        outcome,
        ticketId,
        messageRowId,
        reason,
        now,
        fromAddress: fromAddress ?? null,
        subject: parsed.subject.slice(0, 1000),
        verified: check.verified ? 1 : 0,
        authResults: check.summary.slice(0, 500),
      });
      return outcome;
    };

    if (!fromAddress) return finish('ignored', 'ignored', null, null, 'The mail names no sender address.');
    if (options.ownAddresses.includes(fromAddress)) return finish('ignored', 'ignored', null, null, `The mail comes from our own address ${fromAddress} (a mail loop).`);
    const since = new Date(Date.now() - options.senderLimit.seconds * 1000).toISOString();
    const recent = (await processedFromSender.takeFirst(trx, { fromAddress, since }))!;
    // This mail counts too (it is not marked processed yet).
    if (!force && Number(recent.n) + 1 > options.senderLimit.count) {
      return finish(
        'rate_limited',
        'rate_limited',
        null,
        null,
        `More than ${options.senderLimit.count} mails from ${fromAddress} within ${Math.round(options.senderLimit.seconds / 60)} minutes (a mail loop?).`,
      );
    }

    const sender = await findOrCreateSender(trx, fromAddress, parsed.from?.name ?? '');
    const actor = await loadActor(trx, sender.id, 'mail', null);
    if (!actor) return finish('ignored', 'ignored', null, null, `The sender ${fromAddress} is deactivated.`);
    const body = messageBody(parsed, stored.notes);

    // Out-of-office answers and bounces: attached only where threading proves they answer a
    // mail we sent about that ticket, kept as automatic answers (not as anybody's note).
    // A system's own report (monitoring, Auto-Submitted: auto-generated) that answers nothing
    // is a request: it becomes a ticket, without a receipt to the machine. Bulk mail, automatic
    // answers to nothing and stray bounces are ignored, visible to admins with the reason.
    const machine = parsed.automatic || parsed.bounce;
    if (machine) {
      const ticket = await answeredTicket(trx, await threadedTicket(trx, parsed, raw));
      if (ticket) {
        const { message } = await addMessage(trx, actor, ticket.id, {
          body,
          bodyHtml: parsed.html,
          channel: 'email',
          automatic: true,
          authorisedByMail: true,
          senderVerified: check.verified,
          files: stored.files,
        });
        await addThreadAndCcs(trx, parsed, ticket.id, message.id, [], false);
        return finish('auto_attached', 'processed', ticket.id, message.id);
      }
      const systemReport = parsed.automaticKind === 'system' && !parsed.bounce;
      if (!systemReport && !force) return finish('ignored', 'ignored', null, null, ignoredBecause(parsed));
      if (isAgent(actor)) return finish('ignored', 'ignored', null, null, `An automatic mail from the agent address ${fromAddress} that answers none of our mails.`);
      const created = await createTicket(trx, actor, {
        subject: ticketSubject(parsed.subject),
        body,
        bodyHtml: parsed.html,
        channel: 'email',
        files: stored.files,
        senderVerified: check.verified,
        fromMachine: true,
        mailRoute: await routeFor(trx, recipients),
      });
      await addThreadAndCcs(trx, parsed, created.ticketId, created.messageId, [], false);
      return finish('new_ticket', 'processed', created.ticketId, created.messageId);
    }

    // A mail from an agent's address becomes an agent action only when it is proven to come
    // from that agent; a forger must not answer customers in an agent's name.
    if (isAgent(actor) && !check.verified && tokenTicket === undefined) {
      return finish('held', 'held', null, null, `The mail claims to come from the agent ${fromAddress}, but that could not be verified (${check.summary}); it was not turned into an agent action.`);
    }

    const referenced = tokenTicket ?? (await referencedTicket(trx, parsed, domain));
    // An agent's reply to a digest of new tickets answers no ticket: given back, not a new ticket (digest-reply.ts).
    if (referenced === undefined && isAgent(actor) && answersDigest(parsed, domain)) {
      await returnDigestReply(trx, { id: actor.id, email: sender.email, name: actor.name, locale: actor.locale }, parsed, body);
      return finish('ignored', 'ignored', null, null, DIGEST_REPLY_REASON);
    }
    let ticket = await answeredTicket(trx, referenced);
    const verified = check.verified || (tokenTicket !== undefined && tokenTicket === referenced);
    // An unverified reply does not enter the existing conversation: anyone can write a ticket
    // number into a subject and a customer's address into From. It starts a new ticket, marked
    // unverified, which an agent can merge when it is genuine.
    let unverifiedReply: number | undefined;
    if (ticket && !verified) {
      unverifiedReply = ticket.id;
      ticket = undefined;
    }
    if (ticket && !(await senderMayWrite(trx, sender, ticket.id))) ticket = undefined;

    // The same rule as in the portal: a closed ticket reopens only within the reopen window;
    // a late reply becomes a new ticket linked to the old one.
    let linkedFrom: number | undefined;
    if (ticket && !isAgent(actor) && !requesterMayReopen({ status: ticket.status, closedAt: ticket.closed_at })) {
      linkedFrom = ticket.id;
      ticket = undefined;
    }

    if (ticket) {
      const { message } = await addMessage(trx, actor, ticket.id, { body, bodyHtml: parsed.html, channel: 'email', authorisedByMail: true, senderVerified: verified, files: stored.files });
      await addThreadAndCcs(trx, parsed, ticket.id, message.id, [sender.email, ...options.ownAddresses], verified);
      return finish(ticket.status === 'closed' ? 'reopened' : 'reply', 'processed', ticket.id, message.id);
    }

    const notes = unverifiedReply ? [...stored.notes, `This mail refers to ticket #${unverifiedReply}, but its sender could not be verified, so it was not added there.`] : stored.notes;
    const created = await createTicket(trx, actor, {
      subject: ticketSubject(parsed.subject),
      body: messageBody(parsed, notes),
      bodyHtml: parsed.html,
      channel: 'email',
      files: stored.files,
      linkedFrom,
      senderVerified: verified,
      // The admin's route for the address it was sent to (envelope first, then To and Cc).
      mailRoute: await routeFor(trx, recipients),
    });
    // An unverified mail never adds CC recipients: they would receive the ticket's mail.
    await addThreadAndCcs(trx, parsed, created.ticketId, created.messageId, [sender.email, ...options.ownAddresses], verified);
    return finish(linkedFrom ? 'new_linked_ticket' : 'new_ticket', 'processed', created.ticketId, created.messageId);
  });
}

function ignoredBecause(parsed: ParsedInbound): string {
  if (parsed.bounce) return 'A delivery report about none of our mails.';
  if (parsed.automaticKind === 'bulk') return 'Bulk or mailing-list mail (Precedence, List-Id or List-Unsubscribe) that answers none of our mails.';
  return 'An automatic answer (out-of-office, auto-reply) to none of our mails.';
}

/**
 * The ticket an automatic answer belongs to: only a Message-ID we really sent about it (kept in
 * mail_threads), named in In-Reply-To/References or, for a bounce, quoted in its body. A ticket
 * tag in the subject, or an id merely in our format, is not enough: anyone can write those.
 */
async function threadedTicket(db: Executor, parsed: ParsedInbound, raw: Buffer): Promise<number | undefined> {
  const ids = [...parsed.inReplyTo, ...parsed.references.slice().reverse()];
  if (parsed.bounce) {
    const quoted = raw.toString('latin1').match(/<anlauf\.t\d{1,10}[.\w-]*@[^<>\s]{1,255}>/gi) ?? [];
    ids.push(...quoted.slice(0, 20));
  }
  if (ids.length === 0) return undefined;
  const sent = await db.selectFrom('mail_threads').select(['message_id', 'ticket_id']).where('direction', '=', 'out').where('message_id', 'in', ids.slice(0, 100)).execute();
  for (const id of ids) {
    const hit = sent.find((k) => k.message_id === id);
    if (hit) return hit.ticket_id;
  }
  return undefined;
}

/** The ticket a mail answers, following merges to the ticket that carries on. */
async function answeredTicket(db: Executor, ticketId: number | undefined) {
  for (let id = ticketId, hops = 0; id !== undefined && hops < 10; hops++) {
    const target = await mergedInto(db, id);
    if (target === undefined) return db.selectFrom('tickets').select(['id', 'status', 'closed_at']).where('id', '=', id).executeTakeFirst();
    id = target;
  }
  return undefined;
}

/** Remembers the mail's Message-ID for threading and keeps its CCs (not us, not the sender). */
async function addThreadAndCcs(trx: Executor, parsed: ParsedInbound, ticketId: number, messageRowId: number, exclude: string[], keepCcs: boolean): Promise<void> {
  await trx
    .insertInto('mail_threads')
    .values({ message_id: parsed.messageId, ticket_id: ticketId, message_row_id: messageRowId, direction: 'in', created_at: nowIso() })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
  if (!keepCcs) return;
  const ccs = [...new Set(parsed.cc.map((c) => c.address))].filter((a) => !exclude.includes(a)).slice(0, 20);
  if (ccs.length > 0)
    await trx
      .insertInto('ticket_ccs')
      .values(ccs.map((email) => ({ ticket_id: ticketId, email })))
      .onConflict((oc) => oc.columns(['ticket_id', 'email']).doNothing())
      .execute();
}

// The intake's own statements, built once (platform/db/prepared.ts).
const storedMail = prepared((db, p: { id: number }) => db.selectFrom('inbound_mails').select(['raw', 'status', 'envelope_from', 'envelope_to', 'client_ip', 'client_helo']).where('id', '=', p.id));
const lockedStatus = prepared((db, p: { id: number }, dialect) =>
  db
    .selectFrom('inbound_mails')
    .select('status')
    .where('id', '=', p.id)
    .$if(dialect === 'postgres', (qb) => qb.forUpdate()),
);
const processedFromSender = prepared((db, p: { fromAddress: string; since: string }) =>
  db
    .selectFrom('inbound_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('from_address', '=', p.fromAddress)
    .where('received_at', '>=', p.since)
    .where('status', '=', 'processed'),
);
const recordOutcome = prepared(
  (
    db,
    p: {
      id: number;
      status: string;
      outcome: string;
      ticketId: number | null;
      messageRowId: number | null;
      reason: string | null;
      now: string;
      fromAddress: string | null;
      subject: string;
      verified: number;
      authResults: string;
    },
  ) =>
    db
      .updateTable('inbound_mails')
      .set({
        status: p.status,
        outcome: p.outcome,
        ticket_id: p.ticketId,
        message_row_id: p.messageRowId,
        failure_reason: p.reason,
        processed_at: p.now,
        from_address: p.fromAddress,
        subject: p.subject,
        sender_verified: p.verified,
        auth_results: p.authResults,
      })
      .where('id', '=', p.id),
);
