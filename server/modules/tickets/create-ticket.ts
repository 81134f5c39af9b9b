import { sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvents } from '../../platform/events/domain-events.ts';
import { insertMessage } from './messages.queries.ts';
import { attachStoredFiles, type StoredFile } from './attach-stored-files.ts';
import { groupOrDefault, noDefaultGroup } from '../groups/groups.queries.ts';
import { createUser, normaliseEmail } from '../users/create-user.ts';
import { organisationForAddress } from '../users/organisation-for-address.ts';
import { type Channel, LIMITS, PRIORITY_RANK, type TicketPriority } from '../../../shared/enums.ts';
import { type HistoryEntry, recordHistory } from './ticket-history.ts';
import { ticketEvent } from './ticket-events.ts';
import { indexNewTicket } from './ticket-index.ts';
import { checkCategory, checkGroup, normaliseTags } from './ticket-refs.ts';
import { isAgent } from './tickets.policy.ts';
import { inTransaction } from '../../platform/db/in-transaction.ts';
import { isNotNullViolation } from '../../platform/db/constraint-violations.ts';

export interface CreateTicketInput {
  subject: string;
  body: string;
  bodyHtml?: string | null;
  priority?: TicketPriority | undefined;
  categoryId?: number | null | undefined;
  groupId?: number | undefined;
  tags?: string[] | undefined;
  requesterEmail?: string | undefined;
  requesterName?: string | undefined;
  /** Agents: an existing person the ticket is for (a caller). */
  requesterId?: number | undefined;
  /** Agents: the organisation of a requester created by this ticket (ignored for a known address). */
  requesterOrganisationId?: number | null | undefined;
  channel: Channel;
  /** Files already in the attachment store (mail attachments), attached to the first message. */
  files?: StoredFile[] | undefined;
  /** A new ticket that continues a closed one (a late reply by mail): both histories link them. */
  linkedFrom?: number | undefined;
  /** Mail intake only: whether the sender's address was verified (see modules/mail/verify-sender.ts). */
  senderVerified?: boolean | undefined;
  /** Mail intake only: sent by a machine (a monitoring alert); its sender gets no receipt. */
  fromMachine?: boolean | undefined;
  /** Mail intake only: the admin's route for the address the mail came to (not the sender's choice). */
  mailRoute?: { groupId: number; categoryId: number | null } | undefined;
}

export interface CreatedTicket {
  ticketId: number;
  messageId: number;
  groupId: number;
  requesterId: number;
  organisationId: number | null;
}

export function checkBodyLength(body: string): void {
  if (body.length > LIMITS.bodyMaxChars) {
    throw new AppError('too_large', `The text is too long: at most ${LIMITS.bodyMaxChars.toLocaleString('en')} characters.`, {
      fields: { body: `At most ${LIMITS.bodyMaxChars} characters.` },
    });
  }
}

/** "petra.meier@example.com" → "Petra Meier": a readable name until the person sets one. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  const words = local.split(/[._+-]+/).filter(Boolean);
  return words.length ? words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') : email;
}

/** Finds the requester by e-mail address or creates them as a customer (in the agent's chosen organisation, if any). */
async function findOrCreateRequester(db: Executor, email: string, name: string | undefined, chosenOrganisationId?: number | null): Promise<{ id: number; organisation_id: number | null }> {
  const normalised = normaliseEmail(email);
  const found = await db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', normalised).executeTakeFirst();
  if (found) return found;
  if (chosenOrganisationId) await checkOrganisation(db, chosenOrganisationId);
  // Nobody proved this address: the domain decides only where an admin trusts it.
  const organisationId = chosenOrganisationId ?? (await organisationForAddress(db, normalised, { verified: false }));
  const { user } = await createUser(db, {
    email: normalised,
    name: name ?? nameFromEmail(normalised),
    role: 'customer',
    organisationId,
    emailVerified: false,
    addressFree: true,
  });
  return user;
}

/** An active person an agent names as the requester (system users are inactive). */
async function knownRequester(db: Executor, userId: number): Promise<{ id: number; organisation_id: number | null }> {
  const user = await db.selectFrom('users').select(['id', 'organisation_id', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.active !== 1) throw new AppError('invalid_input', 'There is no active person with this id.', { fields: { requesterId: 'Choose an existing person.' } });
  return user;
}

async function checkOrganisation(db: Executor, organisationId: number): Promise<void> {
  const found = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
  if (!found) throw new AppError('invalid_input', 'There is no organisation with this id.', { fields: { 'requester.organisationId': 'Choose an existing organisation.' } });
}

/** The group an admin named to handle a category's tickets, if any and still active. */
async function groupOfCategory(db: Executor, categoryId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('categories')
    .innerJoin('groups', 'groups.id', 'categories.group_id')
    .select('groups.id')
    .where('categories.id', '=', categoryId)
    .where('groups.active', '=', 1)
    .executeTakeFirst();
  return row?.id;
}

/** A mail route's group, unless an admin deactivated it since (then routing falls through). */
async function activeRouteGroup(db: Executor, groupId: number | undefined): Promise<number | undefined> {
  if (groupId === undefined) return undefined;
  const row = await db.selectFrom('groups').select('id').where('id', '=', groupId).where('active', '=', 1).executeTakeFirst();
  return row?.id;
}

/**
 * Opens a ticket with its first message, tags, history entry, search index row and the
 * `ticket.created` event in one transaction: a 201 means all of it is committed. Runs inside
 * the caller's transaction when given one (mail intake marks its mail in the same one).
 */
export async function createTicket(db: Db | Executor, actor: Actor, input: CreateTicketInput): Promise<CreatedTicket> {
  checkBodyLength(input.body);
  if (!isAgent(actor) && (input.requesterEmail || input.requesterId || input.groupId)) {
    throw new AppError('forbidden', 'Only agents may open tickets for someone else or choose the group.');
  }
  if (input.requesterEmail && input.requesterId)
    throw new AppError('invalid_input', 'Name the requester either by id or by e-mail address, not both.', { fields: { requesterId: 'Leave out either this or the e-mail address.' } });
  return inTransaction(db, async (trx) => {
    const requester = input.requesterId
      ? await knownRequester(trx, input.requesterId)
      : input.requesterEmail
        ? await findOrCreateRequester(trx, input.requesterEmail, input.requesterName, input.requesterOrganisationId)
        : { id: actor.id, organisation_id: actor.organisationId };
    const categoryId = input.categoryId ?? input.mailRoute?.categoryId ?? null;
    if (categoryId) await checkCategory(trx, categoryId);
    if (input.groupId) await checkGroup(trx, input.groupId);
    // Routing: an agent's choice, else the mail route of the address written to, else the group
    // that handles the category, else the default group.
    // The default group is taken in the ticket's insert (groupOrDefault).
    const chosenGroupId = input.groupId ?? (await activeRouteGroup(trx, input.mailRoute?.groupId)) ?? (categoryId ? await groupOfCategory(trx, categoryId) : undefined) ?? null;
    const priority = input.priority ?? 'normal';
    const now = nowIso();
    const inserted = (await insertTicket
      .takeFirst(trx, {
        subject: input.subject,
        priority,
        priorityRank: PRIORITY_RANK[priority],
        requesterId: requester.id,
        organisationId: requester.organisation_id,
        groupId: chosenGroupId,
        categoryId,
        channel: input.channel,
        now,
      })
      .catch((error: unknown) => {
        // Only the default group can be missing (a chosen one was checked): group_id is NOT NULL.
        if (chosenGroupId === null && isNotNullViolation(error)) throw noDefaultGroup();
        throw error;
      }))!;
    const ticket = { id: inserted.id };
    const groupId = inserted.group_id;
    const message = {
      id: await insertMessage(trx, {
        id: inserted.message_id,
        ticketId: ticket.id,
        authorId: requester.id,
        internal: false,
        senderVerified: input.senderVerified,
        body: input.body,
        bodyHtml: input.bodyHtml,
        at: now,
      }),
    };
    await attachStoredFiles(trx, ticket.id, message.id, requester.id, input.files ?? []);
    const tags = normaliseTags(input.tags ?? []);
    if (tags.length > 0)
      await trx
        .insertInto('ticket_tags')
        .values(tags.map((tag) => ({ ticket_id: ticket.id, tag })))
        .execute();
    const history: HistoryEntry[] = [{ ticketId: ticket.id, actorId: actor.id, kind: 'created', newValue: input.channel, at: now }];
    if (input.linkedFrom) {
      history.push({ ticketId: ticket.id, actorId: actor.id, kind: 'linked', field: 'ticket', newValue: String(input.linkedFrom), at: now });
      history.push({ ticketId: input.linkedFrom, actorId: actor.id, kind: 'linked', field: 'ticket', newValue: String(ticket.id), at: now });
    }
    await recordHistory(trx, history);
    await indexNewTicket(trx, ticket.id, { requesterId: requester.id, organisationId: requester.organisation_id }, `${input.subject}\n${input.body}`, '', groupId);
    await recordEvents(trx, [
      ticketEvent('ticket.created', ticket.id, actor.id, {
        scope: { groupId, requesterId: requester.id, organisationId: requester.organisation_id },
        channel: input.channel,
        messageId: message.id,
        priority,
        categoryId: categoryId,
        ...(input.fromMachine ? { fromMachine: true } : {}),
      }),
    ]);
    return { ticketId: ticket.id, messageId: message.id, groupId, requesterId: requester.id, organisationId: requester.organisation_id };
  });
}

/**
 * Built once (platform/db/prepared.ts): the API, the portal and mail intake all create through
 * here. On PostgreSQL it also takes the first message's id from the messages' sequence, so that
 * the message's insert need not wait for an answer (send-write.ts): the whole creation waits for
 * two answers, this insert's and the commit's.
 */
const insertTicket = prepared(
  (
    db,
    p: { subject: string; priority: string; priorityRank: number; requesterId: number; organisationId: number | null; groupId: number | null; categoryId: number | null; channel: string; now: string },
    dialect,
  ) =>
    db
      .insertInto('tickets')
      .values({
        subject: p.subject,
        status: 'new',
        priority: p.priority,
        priority_rank: p.priorityRank,
        requester_id: p.requesterId,
        organisation_id: p.organisationId,
        group_id: groupOrDefault(p.groupId),
        assignee_id: null,
        category_id: p.categoryId,
        channel: p.channel,
        version: 1,
        created_at: p.now,
        updated_at: p.now,
      })
      .returning(['id', 'group_id'])
      .$if(dialect === 'postgres', (qb) => qb.returning(sql<number | undefined>`nextval('messages_id_seq')::int`.as('message_id'))),
);
