/** Tickets: the ticket itself, creating, changing and listing tickets, and a ticket's history. */
import { z } from 'zod';
import { AGENT_CHANNELS, GROUP_LEVELS, LIMITS, TICKET_PRIORITIES, TICKET_STATUSES } from '../enums.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const tag = z.string().trim().min(1, 'A tag cannot be empty.').max(LIMITS.tagMax, `At most ${LIMITS.tagMax} characters.`);

export const ticketParams = z.strictObject({ id });

export const createTicketBody = z.strictObject({
  subject: z.string().trim().min(1, 'Enter a subject.').max(LIMITS.subjectMax, `At most ${LIMITS.subjectMax} characters.`),
  body: z.string().trim().min(1, 'Describe the request.'),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  categoryId: z.number().int().positive().nullable().optional(),
  groupId: z.number().int().positive().optional(),
  tags: z.array(tag).max(LIMITS.tagsPerTicket).optional(),
  requesterEmail: z.email('Enter a valid e-mail address.').max(320).optional(),
  requesterName: z.string().trim().min(1).max(LIMITS.nameMax).optional(),
  requesterId: z.number().int().positive().optional().describe('Agents: the person the ticket is for (a caller), by id.'),
  requester: z
    .strictObject({
      email: z.email('Enter a valid e-mail address.').max(320),
      name: z.string().trim().min(1, 'Enter a name.').max(LIMITS.nameMax, `At most ${LIMITS.nameMax} characters.`),
      organisationId: z.number().int().positive().nullable().optional(),
    })
    .optional()
    .describe('Agents: the person the ticket is for, created as a requester when the address is new (an existing address is that person).'),
  channel: z
    .enum(AGENT_CHANNELS, `One of: ${AGENT_CHANNELS.join(', ')}.`)
    .optional()
    .describe('Agents: how the request came in (phone, walk_in at the desk, email, web). Others: how they sent it.'),
});
export type CreateTicketBody = z.infer<typeof createTicketBody>;
/** What a client sends (before trimming and defaults). */
export type CreateTicketInput = z.input<typeof createTicketBody>;

export const updateTicketBody = z.strictObject({
  version: z.number().int().positive(),
  subject: z.string().trim().min(1).max(LIMITS.subjectMax).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  assigneeId: z.number().int().positive().nullable().optional(),
  groupId: z.number().int().positive().optional(),
  categoryId: z.number().int().positive().nullable().optional(),
  tags: z.array(tag).max(LIMITS.tagsPerTicket).optional(),
  pendingUntil: z.iso
    .datetime({ offset: true, error: 'A date and time in ISO 8601, e.g. 2026-12-01T09:00:00+01:00.' })
    .transform((s) => new Date(s).toISOString())
    .nullable()
    .optional()
    .describe('Agents: when a pending ticket returns to open by itself (a reminder); null clears it. Only in the future and only with status pending.'),
});
export type UpdateTicketBody = z.infer<typeof updateTicketBody>;
export type UpdateTicketInput = z.input<typeof updateTicketBody>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));
const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((s) => new Date(s).toISOString());

export const TICKET_SORTS = ['-created', 'created', '-updated', 'updated', '-priority', 'priority', 'relevance'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export const listTicketsQuery = z.strictObject({
  status: csv(TICKET_STATUSES).optional(),
  priority: csv(TICKET_PRIORITIES).optional(),
  assignee: z.union([z.enum(['me', 'none']), id]).optional(),
  group: id.optional(),
  category: id.optional(),
  requester: id.optional(),
  organisation: id.optional(),
  tag: tag.optional(),
  followed: z.enum(['me'], 'Only "me": the tickets you follow (you escalated them).').optional().describe('"me": my escalations, the tickets I follow.'),
  sla: z
    .enum(['at_risk', 'breached'], 'Either "at_risk" or "breached".')
    .optional()
    .describe('"at_risk": past the warning share of an SLA target, not breached; "breached": an SLA target was missed and the ticket is not resolved.'),
  createdFrom: isoDate.optional(),
  createdTo: isoDate.optional(),
  updatedFrom: isoDate.optional(),
  updatedTo: isoDate.optional(),
  q: z.string().max(500).optional(),
  sort: z.enum(TICKET_SORTS).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).optional(),
  cursor: z.string().max(500).optional(),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

const person = z.object({ id: z.number(), name: z.string() });
/** Fields of a ticket that PATCH can change. */
export const TICKET_FIELDS = ['subject', 'status', 'priority', 'assigneeId', 'groupId', 'categoryId', 'tags', 'pendingUntil'] as const;

/**
 * What the caller may do with a ticket, decided by the server's policy (modules/tickets/tickets.policy.ts):
 * the web app shows only these actions.
 */
export const ticketAbilitiesSchema = z.object({
  reply: z.boolean(),
  note: z.boolean(),
  update: z.array(z.enum(TICKET_FIELDS)),
  /** Statuses the caller may set now. */
  statuses: z.array(z.enum(TICKET_STATUSES)),
  merge: z.boolean(),
  rate: z.boolean(),
  /** Move it up a support level or to a specialist team (POST /tickets/:id/escalate). */
  escalate: z.boolean(),
  /** Return it to the group it was escalated from (POST /tickets/:id/hand-back). */
  handBack: z.boolean(),
  /** Call the group's supervisors without moving it (POST /tickets/:id/notify-supervisors). */
  notifySupervisors: z.boolean(),
});
export type TicketAbilities = z.infer<typeof ticketAbilitiesSchema>;

/** The ticket's service-level clock (modules/sla), counted in its calendar's business hours. */
export const ticketSlaSchema = z.object({
  policy: z.object({ id: z.number(), name: z.string() }),
  firstResponseDueAt: z.string(),
  resolutionDueAt: z.string().describe('Moves later by the business time the ticket spends pending.'),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  /** Since when the clock is paused (the ticket is pending); null while it runs. */
  pausedSince: z.string().nullable(),
  /** When an agent first replied publicly; null until then. */
  firstRespondedAt: z.string().nullable(),
  /** When the resolution clock stopped (resolved or closed); null while it runs. */
  stoppedAt: z.string().nullable(),
  /** While an agent's answer to the requester's latest reply is awaited (policies with a next-response target): when it is due. */
  nextResponseDueAt: z.string().nullable(),
  /** The next-response target was missed (stays set until the requester's next reply starts a new wait). */
  nextResponseBreached: z.boolean(),
  /** Past the warning share of a running target, not breached ("at risk"). */
  atRisk: z.boolean(),
});
export type TicketSlaDto = z.infer<typeof ticketSlaSchema>;

export const ticketSchema = z.object({
  id: z.number(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  channel: z.string(),
  requester: person.extend({ email: z.string() }),
  organisation: z.object({ id: z.number(), name: z.string() }).nullable(),
  assignee: person.nullable(),
  group: z.object({ id: z.number(), name: z.string(), level: z.string() }),
  /** The support level of its group. */
  level: z.enum(GROUP_LEVELS),
  category: z.object({ id: z.number(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number(),
  /** A pending ticket's reminder: it returns to open after this time. Always null for requesters. */
  pendingUntil: z.string().nullable(),
  /** null when no SLA policy applies, and always for requesters (the SLA is the service desk's internal business). */
  sla: ticketSlaSchema.nullable(),
  /** The caller's abilities: on answers about one ticket, not in lists. */
  abilities: ticketAbilitiesSchema.optional(),
});
export type TicketDto = z.infer<typeof ticketSchema>;

export const ticketListSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() });
export type TicketListDto = z.infer<typeof ticketListSchema>;

export const historyEventSchema = z.object({
  id: z.number(),
  kind: z.string(),
  field: z.string().nullable(),
  oldValue: z.string().nullable().describe('As stored: an id for group, assignee and category.'),
  newValue: z.string().nullable(),
  /** Why: for escalations, hand-backs and calls to supervisors. */
  reason: z.string().nullable(),
  oldLabel: z.string().nullable().describe('What oldValue stands for: a name for an id, "#489" for a ticket.'),
  newLabel: z.string().nullable(),
  actor: person.nullable(),
  createdAt: z.string(),
});
export type HistoryEventDto = z.infer<typeof historyEventSchema>;

/** GET /tickets/:id/history. */
export const historyListSchema = z.object({ items: z.array(historyEventSchema) });
export type HistoryListDto = z.infer<typeof historyListSchema>;
