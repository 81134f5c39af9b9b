/** Automation (admins): triggers on ticket and SLA events, and the time rules. */
import { z } from 'zod';
import { CHANNELS, GROUP_LEVELS, LIMITS, TICKET_PRIORITIES, TICKET_STATUSES } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const refId = z.number('Choose one.').int().positive().max(2_147_483_647);
const name = z.string('Enter a name.').trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`);

export const triggerParams = z.strictObject({ id });

/** What a trigger reacts to. */
export const TRIGGER_EVENTS = ['created', 'updated', 'requester_replied', 'agent_replied', 'escalated', 'sla_warning', 'sla_breached'] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

const ids = z.array(refId).min(1, 'Choose at least one.').max(200, 'At most 200.');
const text = z.string('Enter a text.').trim().min(1, 'Enter a text.').max(200, 'At most 200 characters.');
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).min(1, 'Choose at least one.').max(values.length);
const isOrNot = z.enum(['is', 'is_not'], 'Use "is" or "is_not".');
/** For fields that may be empty (category, assignee, organisation). */
const refOperator = z.enum(['is', 'is_not', 'is_set', 'is_not_set'], 'Use "is", "is_not", "is_set" or "is_not_set".');
const refCondition = <F extends string>(field: F) =>
  z
    .strictObject({ field: z.literal(field), operator: refOperator, value: ids.optional() })
    .refine((c) => c.operator === 'is_set' || c.operator === 'is_not_set' || c.value !== undefined, { message: 'Choose at least one.', path: ['value'] });

export const triggerConditionSchema = z.union(
  [
    z.strictObject({ field: z.literal('status'), operator: isOrNot, value: oneOf(TICKET_STATUSES) }),
    z.strictObject({ field: z.literal('priority'), operator: isOrNot, value: oneOf(TICKET_PRIORITIES) }),
    z.strictObject({ field: z.literal('group'), operator: isOrNot, value: ids }),
    z.strictObject({ field: z.literal('level'), operator: isOrNot, value: oneOf(GROUP_LEVELS) }),
    z.strictObject({ field: z.literal('channel'), operator: isOrNot, value: oneOf(CHANNELS) }),
    refCondition('category'),
    refCondition('assignee'),
    refCondition('organisation'),
    z.strictObject({ field: z.literal('requesterKind'), operator: z.literal('is', 'Use "is".'), value: z.enum(['internal', 'external'], 'Choose internal or external.') }),
    /** Case- and accent-insensitive: "Drucker" matches "DRÜCKER" and "druecker". Tags match whole. */
    z.strictObject({
      field: z.enum(['subject', 'body', 'text', 'requesterEmail', 'tag']),
      operator: z.enum(['contains', 'not_contains'], 'Use "contains" or "not_contains".'),
      value: text,
    }),
  ],
  {
    error:
      'Not a condition: choose a field (status, priority, group, level, channel, category, assignee, organisation, requesterKind, subject, body, text, requesterEmail, tag), an operator and a value.',
  },
);
export type TriggerCondition = z.infer<typeof triggerConditionSchema>;
export type TriggerConditionField = TriggerCondition['field'];

export const MAIL_RECIPIENTS = ['requester', 'group', 'assignee'] as const;
const mailText = (max: number) => z.string('Enter a text.').trim().min(1, 'Enter a text.').max(max, `At most ${max} characters.`);

export const triggerActionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('set_status'), value: z.enum(TICKET_STATUSES, 'Choose a status.') }),
    z.strictObject({ type: z.literal('set_priority'), value: z.enum(TICKET_PRIORITIES, 'Choose a priority.') }),
    z.strictObject({ type: z.literal('set_group'), groupId: refId }),
    z.strictObject({ type: z.literal('set_category'), categoryId: refId.nullable() }),
    z.strictObject({ type: z.literal('assign'), assigneeId: refId.nullable() }),
    z.strictObject({ type: z.literal('add_tag'), tag: z.string('Enter a tag.').trim().min(1, 'Enter a tag.').max(LIMITS.tagMax, `At most ${LIMITS.tagMax} characters.`) }),
    z.strictObject({ type: z.literal('escalate'), groupId: refId.optional(), reason: mailText(2000) }),
    z.strictObject({ type: z.literal('add_note'), body: mailText(10_000) }),
    /** German and English text; the recipient's language picks one. Placeholders: {{ticket.number}}, {{ticket.subject}}, {{requester.name}}, … */
    z.strictObject({
      type: z.literal('send_mail'),
      to: z.enum(MAIL_RECIPIENTS, 'Send to the requester, the group or the assignee.'),
      subjectDe: mailText(LIMITS.subjectMax),
      bodyDe: mailText(10_000),
      subjectEn: mailText(LIMITS.subjectMax),
      bodyEn: mailText(10_000),
    }),
  ],
  { error: 'Not an action: choose set_status, set_priority, set_group, set_category, assign, add_tag, escalate, add_note or send_mail.' },
);
export type TriggerAction = z.infer<typeof triggerActionSchema>;
export type TriggerActionType = TriggerAction['type'];

/** The placeholders a mail or note may use. */
export const TRIGGER_PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'ticket.group',
  'ticket.url',
  'requester.name',
  'requester.email',
  'recipient.name',
] as const;

export const createTriggerBody = z.strictObject({
  name,
  active: z.boolean().optional(),
  events: z.array(z.enum(TRIGGER_EVENTS, 'Unknown event.')).min(1, 'Choose at least one event.').max(TRIGGER_EVENTS.length),
  match: z.enum(['all', 'any'], 'Match "all" or "any" of the conditions.').optional(),
  conditions: z.array(triggerConditionSchema).max(30, 'At most 30 conditions.').optional().describe('None: every ticket of the chosen events.'),
  actions: z.array(triggerActionSchema).min(1, 'Add at least one action.').max(20, 'At most 20 actions.'),
});
export type CreateTriggerBody = z.infer<typeof createTriggerBody>;

export const updateTriggerBody = createTriggerBody.partial().extend({
  position: z.number().int('A whole number.').min(1, 'Positions start at 1.').max(10_000).optional().describe('Move the trigger in the order (1 is tried first).'),
});
export type UpdateTriggerBody = z.infer<typeof updateTriggerBody>;

export const triggerSchema = z.object({
  id: z.number(),
  name: z.string(),
  position: z.number(),
  active: z.boolean(),
  events: z.array(z.enum(TRIGGER_EVENTS)),
  match: z.enum(['all', 'any']),
  conditions: z.array(triggerConditionSchema),
  actions: z.array(triggerActionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TriggerDto = z.infer<typeof triggerSchema>;
export const triggerListSchema = z.object({ items: z.array(triggerSchema) });

export const timeRulesSchema = z.object({
  autoClose: z.object({ enabled: z.boolean(), days: z.number() }),
  /** From the configuration (ANLAUF_REOPEN_DAYS): a requester's reply reopens a closed ticket within this many days. */
  reopenDays: z.number(),
});
export type TimeRulesDto = z.infer<typeof timeRulesSchema>;

export const updateTimeRulesBody = z.strictObject({
  autoClose: z.strictObject({
    enabled: z.boolean('On or off.'),
    days: z.number('Enter a number of days.').int('Whole days, please.').min(1, 'At least one day.').max(365, 'At most 365 days.'),
  }),
});
export type UpdateTimeRulesBody = z.infer<typeof updateTimeRulesBody>;
