import { fold } from '../../platform/search/normalise.ts';
import type { TicketDto } from '../../../shared/contracts/tickets.ts';
import type { TriggerCondition } from '../../../shared/contracts/automation.ts';

/** What a trigger's conditions look at: the ticket as it is now, and what the event adds. */
export interface TriggerFacts {
  ticket: Pick<TicketDto, 'status' | 'priority' | 'group' | 'level' | 'category' | 'assignee' | 'organisation' | 'tags' | 'subject' | 'requester' | 'channel'>;
  /** The channel of the event (a reply by mail on a web ticket is "email"); the ticket's otherwise. */
  channel: string;
  /** Internal: the requester belongs to an organisation of kind "internal". */
  requesterKind: 'internal' | 'external';
  /** The message of the event (a reply), else the ticket's first message. */
  body: string;
}

/** Case, umlauts, ß and accents do not matter: "Drucker" finds "DRÜCKER" and "druecker". */
const containsText = (haystack: string, needle: string) => fold(haystack).includes(fold(needle));

function refMatches(operator: 'is' | 'is_not' | 'is_set' | 'is_not_set', value: number[] | undefined, actual: number | null): boolean {
  switch (operator) {
    case 'is_set':
      return actual !== null;
    case 'is_not_set':
      return actual === null;
    case 'is':
      return actual !== null && (value ?? []).includes(actual);
    case 'is_not':
      return actual === null || !(value ?? []).includes(actual);
  }
}

const listMatches = <T>(operator: 'is' | 'is_not', value: readonly T[], actual: T) => (operator === 'is') === value.includes(actual);

export function conditionMatches(condition: TriggerCondition, facts: TriggerFacts): boolean {
  const { ticket } = facts;
  switch (condition.field) {
    case 'status':
      return listMatches(condition.operator, condition.value, ticket.status);
    case 'priority':
      return listMatches(condition.operator, condition.value, ticket.priority);
    case 'group':
      return listMatches(condition.operator, condition.value, ticket.group.id);
    case 'level':
      return listMatches(condition.operator, condition.value, ticket.level);
    case 'channel':
      return listMatches<string>(condition.operator, condition.value, facts.channel);
    case 'category':
      return refMatches(condition.operator, condition.value, ticket.category?.id ?? null);
    case 'assignee':
      return refMatches(condition.operator, condition.value, ticket.assignee?.id ?? null);
    case 'organisation':
      return refMatches(condition.operator, condition.value, ticket.organisation?.id ?? null);
    case 'requesterKind':
      return facts.requesterKind === condition.value;
    case 'subject':
    case 'body':
    case 'text':
    case 'requesterEmail':
    case 'tag': {
      const found =
        condition.field === 'tag'
          ? ticket.tags.includes(condition.value.trim().toLowerCase())
          : containsText(
              condition.field === 'subject' ? ticket.subject : condition.field === 'body' ? facts.body : condition.field === 'text' ? `${ticket.subject}\n${facts.body}` : ticket.requester.email,
              condition.value,
            );
      return condition.operator === 'contains' ? found : !found;
    }
  }
}

/** All or any of the conditions; no conditions match every ticket. */
export function triggerMatches(trigger: { match: 'all' | 'any'; conditions: TriggerCondition[] }, facts: TriggerFacts): boolean {
  if (trigger.conditions.length === 0) return true;
  return trigger.match === 'all' ? trigger.conditions.every((c) => conditionMatches(c, facts)) : trigger.conditions.some((c) => conditionMatches(c, facts));
}

/** What a trigger fires on: the chain of triggers whose actions caused the event. */
export interface TriggerCause {
  triggerChain: number[];
  /** Generations of trigger changes behind the event (0: a person or the SLA made it). */
  depth: number;
}

/**
 * A global limit on how many triggers may act one after another on each other's changes
 * (A's change fires B, whose change fires C, …): deeper, nothing fires.
 */
export const MAX_TRIGGER_DEPTH = 5;

export function causeOf(cause: unknown): TriggerCause {
  const stored = cause as { triggerChain?: unknown; depth?: unknown } | null | undefined;
  const chain = Array.isArray(stored?.triggerChain) ? stored.triggerChain.filter((n): n is number => typeof n === 'number') : [];
  return { triggerChain: chain, depth: typeof stored?.depth === 'number' ? stored.depth : 0 };
}

/**
 * The loop guard: a trigger never fires on an event its own actions caused (directly or through
 * other triggers), and nothing fires once the chain is MAX_TRIGGER_DEPTH long.
 */
export function mayFire(triggerId: number, cause: TriggerCause): boolean {
  return cause.depth < MAX_TRIGGER_DEPTH && !cause.triggerChain.includes(triggerId);
}
