/** What is done with tickets beside reading and editing one: queue counts, similar tickets, bulk changes, merging and merge links. */
import { z } from 'zod';
import { LIMITS, TICKET_PRIORITIES, TICKET_STATUSES } from '../enums.ts';
import { ticketSchema } from './tickets.ts';

const tag = z.string().trim().min(1, 'A tag cannot be empty.').max(LIMITS.tagMax, `At most ${LIMITS.tagMax} characters.`);
const ticketId = z.number().int().positive().max(2_147_483_647);

export const BULK_MAX = 100;

/** GET /tickets/counts for agents and admins. */
export const agentTicketCountsSchema = z.object({
  /** Assigned to me, not resolved or closed. */
  mine: z.number(),
  /** In my groups (all groups for admins), new or open, nobody assigned. */
  unassigned: z.number(),
  /** In my groups: new, open or pending. */
  open: z.number(),
  /** In my groups: waiting for the requester. */
  pending: z.number(),
  /** In my groups: changed in the last 24 hours. */
  recentlyUpdated: z.number(),
  /** My escalations: tickets I follow, not resolved or closed. */
  followed: z.number(),
  /** In my groups: an SLA target is at risk (warning reached, not breached). */
  slaAtRisk: z.number(),
  /** In my groups: an SLA target was missed and the ticket is not resolved. */
  slaBreached: z.number(),
});
export type AgentTicketCounts = z.infer<typeof agentTicketCountsSchema>;

/** GET /tickets/counts for customers. */
export const customerTicketCountsSchema = z.object({ open: z.number(), pending: z.number(), resolved: z.number() }).describe('For customers: their own requests (resolved includes closed).');

export const ticketCountsSchema = z.union([agentTicketCountsSchema, customerTicketCountsSchema]);
export type TicketCounts = z.infer<typeof ticketCountsSchema>;

export const similarTicketsQuery = z.strictObject({
  q: z.string().trim().min(1, 'Enter some text to compare with.').max(500),
  limit: z.coerce.number().int().min(1).max(20).optional(),
  /** Leave this ticket out (the one the agent is looking at). */
  exclude: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
export type SimilarTicketsQuery = z.infer<typeof similarTicketsQuery>;

/** A short list of tickets without paging (GET /tickets/similar). */
export const ticketItemsSchema = z.object({ items: z.array(ticketSchema) });
export type TicketItemsDto = z.infer<typeof ticketItemsSchema>;

export const bulkChanges = z
  .strictObject({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: z.enum(TICKET_PRIORITIES).optional(),
    assigneeId: ticketId.nullable().optional().describe('null unassigns'),
    groupId: ticketId.optional(),
    addTags: z.array(tag).max(LIMITS.tagsPerTicket).optional(),
    removeTags: z.array(tag).max(LIMITS.tagsPerTicket).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'Say what to change.' });
export type BulkChanges = z.infer<typeof bulkChanges>;
export type BulkChangesInput = z.input<typeof bulkChanges>;

export const bulkUpdateBody = z.strictObject({
  ids: z
    .array(ticketId)
    .min(1, 'Choose at least one ticket.')
    .max(BULK_MAX, `At most ${BULK_MAX} tickets at once.`)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Each ticket only once.' }),
  changes: bulkChanges,
});

export const bulkResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.number(),
      ok: z.boolean(),
      ticket: ticketSchema.optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkResultSchema>['results'][number];
export type BulkResultDto = z.infer<typeof bulkResultSchema>;
export type BulkUpdateInput = z.input<typeof bulkUpdateBody>;

export const mergeBody = z.strictObject({ targetId: ticketId });
export const mergeResultSchema = z.object({ source: ticketSchema, target: ticketSchema });
export type MergeResultDto = z.infer<typeof mergeResultSchema>;

export const ticketLinksSchema = z.object({
  /** The ticket this one was merged into, or null. */
  mergedInto: z.number().nullable(),
  /** Tickets merged into this one (those the caller may see). */
  mergedFrom: z.array(z.number()),
});
export type TicketLinksDto = z.infer<typeof ticketLinksSchema>;
