import type { Transaction } from 'kysely';
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { recordingCause, type StoredEvent } from '../../platform/events/domain-events.ts';
import { type ReadOnce, readOnce, type Subscriber } from '../../platform/events/dispatcher.ts';
import { replyTokenKey } from '../mail/reply-token.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import { loadTicket } from '../tickets/tickets.queries.ts';
import type { TriggerEvent } from '../../../shared/contracts/automation.ts';
import { automationActor } from './automation-actor.ts';
import { causeOf, MAX_TRIGGER_DEPTH, mayFire, type TriggerFacts, triggerMatches } from './match-trigger.ts';
import { type MailSettings, runTriggerActions } from './run-trigger-actions.ts';
import { listTriggers } from './triggers.queries.ts';

const TRIGGERING_EVENTS = ['ticket.created', 'ticket.changed', 'message.added', 'ticket.escalated', 'sla.warning', 'sla.breached'] as const;

/** The trigger event a domain event stands for, if any (internal notes and automatic mail fire nothing). */
export function triggerEventOf(event: StoredEvent): TriggerEvent | undefined {
  switch (event.type) {
    case 'sla.warning':
      return 'sla_warning';
    case 'sla.breached':
      return 'sla_breached';
  }
  const ticketEvent = asTicketEvent(event);
  switch (ticketEvent.type) {
    case 'ticket.created':
      return 'created';
    case 'ticket.changed':
      return 'updated';
    case 'ticket.escalated':
      return 'escalated';
    case 'message.added': {
      const { internal, automatic, byAgent } = ticketEvent.payload;
      if (internal || automatic) return undefined;
      return byAgent ? 'agent_replied' : 'requester_replied';
    }
    case 'ticket.handed_back':
    case 'ticket.merged':
    case 'ticket.rated':
    case 'ticket.supervisors_notified':
      return undefined;
  }
}

async function factsOf(db: Executor, event: StoredEvent, ticketId: number): Promise<TriggerFacts> {
  const ticket = await loadTicket(db, ticketId);
  const payload = event.payload as { channel?: string; messageId?: number };
  const message =
    event.type === 'message.added' && payload.messageId !== undefined
      ? await db.selectFrom('messages').select('body').where('id', '=', payload.messageId).executeTakeFirst()
      : await db.selectFrom('messages').select('body').where('ticket_id', '=', ticketId).orderBy('id').limit(1).executeTakeFirst();
  const organisation = ticket.organisation ? await db.selectFrom('organisations').select('kind').where('id', '=', ticket.organisation.id).executeTakeFirst() : undefined;
  return {
    ticket,
    channel: payload.channel ?? ticket.channel,
    requesterKind: organisation?.kind === 'internal' ? 'internal' : 'external',
    body: message?.body ?? '',
  };
}

/**
 * Runs the active triggers on one event, in their order. Every trigger sees the ticket as the
 * event left it; those whose conditions hold then act one after another (a later one wins on
 * the same field). The events their actions cause carry the chain of triggers that acted
 * (`recordingCause`): none of them fires again on those events, others may — up to
 * MAX_TRIGGER_DEPTH generations — so no trigger can feed on its own changes.
 */
export async function runTriggers(trx: Transaction<Database>, event: StoredEvent, mail: MailSettings, once?: ReadOnce): Promise<number[]> {
  const kind = triggerEventOf(event);
  const ticketId = event.aggregateId;
  if (!kind || ticketId === null) return [];
  const cause = causeOf(event.cause);
  if (cause.depth >= MAX_TRIGGER_DEPTH) return [];
  const triggers = (await readOnce(once, 'active_triggers', () => listTriggers(trx, 'active'))).filter((t) => t.events.includes(kind) && mayFire(t.id, cause));
  if (triggers.length === 0) return [];
  const ticket = await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return [];
  const facts = await factsOf(trx, event, ticketId);
  const firing = triggers.filter((t) => triggerMatches(t, facts));
  if (firing.length === 0) return [];
  const actor = await automationActor(trx);
  const next = { triggerChain: [...cause.triggerChain, ...firing.map((t) => t.id)], depth: cause.depth + 1 };
  await recordingCause(next, async () => {
    for (const trigger of firing) await runTriggerActions(trx, actor, ticketId, trigger.actions, mail, { eventId: event.id, triggerId: trigger.id });
  });
  return firing.map((t) => t.id);
}

/** Registered in ops/event-subscribers.ts; transactional, so each event's actions happen exactly once. Starts with new events. */
export function triggersSubscriber(config: Pick<Config, 'publicUrl' | 'mailFrom' | 'dataDir'>): Subscriber {
  const mail: MailSettings = { publicUrl: config.publicUrl, mailFrom: config.mailFrom, key: replyTokenKey(config.dataDir) };
  return {
    name: 'triggers',
    events: TRIGGERING_EVENTS,
    startAt: 'now',
    handle: async (event, { db, once }) => {
      await runTriggers(db as Transaction<Database>, event, mail, once);
    },
    // No active trigger: no transaction (runTriggers reads the same list through `once`).
    nothingToDo: async (_events, { db, once }) => (await readOnce(once, 'active_triggers', () => listTriggers(db, 'active'))).length === 0,
  };
}
