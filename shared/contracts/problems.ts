/**
 * Problem management (ITIL): the cause behind one or more incidents (tickets), with root cause,
 * workaround and known-solution articles. Agents and admins only.
 */
import { z } from 'zod';
import { LIMITS, TICKET_STATUSES } from '../enums.ts';
import { KB_LOCALES, KB_SOLUTION_KINDS } from './knowledge.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const refId = z.number().int().positive().max(2_147_483_647);

/** open → known_error (root cause known, workaround exists) → resolved → closed. */
export const PROBLEM_STATUSES = ['open', 'known_error', 'resolved', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
/** A problem links at most this many tickets per request. */
export const PROBLEM_TICKETS_PER_REQUEST = 100;

const title = z.string().trim().min(1, 'Enter a title.').max(LIMITS.subjectMax, `At most ${LIMITS.subjectMax} characters.`);
const text = z.string().max(20_000, 'At most 20,000 characters.');
const ticketIds = z
  .array(refId, 'A list of ticket numbers.')
  .max(PROBLEM_TICKETS_PER_REQUEST, `At most ${PROBLEM_TICKETS_PER_REQUEST} tickets at once.`)
  .describe('Ticket numbers (ids) of the incidents; each ticket belongs to at most one problem.');
const status = z.enum(PROBLEM_STATUSES, 'open, known_error, resolved or closed.');

export const problemParams = z.strictObject({ id });
export const problemTicketParams = z.strictObject({ id, ticketId: id });

export const createProblemBody = z.strictObject({
  title,
  description: text.optional().describe('Markdown.'),
  ticketIds: ticketIds.optional(),
  ownerGroupId: refId.nullable().optional(),
  ownerId: refId.nullable().optional().describe('The agent who owns the problem.'),
});
export type CreateProblemBody = z.infer<typeof createProblemBody>;
export type CreateProblemInput = z.input<typeof createProblemBody>;

export const updateProblemBody = z.strictObject({
  version: z.number().int().min(1, 'The version you edited.'),
  title: title.optional(),
  description: text.optional(),
  status: status.optional().describe('known_error needs a root cause and a workaround (text or a workaround article).'),
  rootCause: text.optional(),
  workaround: text.optional(),
  ownerGroupId: refId.nullable().optional(),
  ownerId: refId.nullable().optional(),
});
export type UpdateProblemBody = z.infer<typeof updateProblemBody>;
export type UpdateProblemInput = z.input<typeof updateProblemBody>;

export const linkTicketsBody = z.strictObject({ ticketIds: ticketIds.min(1, 'Name at least one ticket.') });
export type LinkTicketsInput = z.input<typeof linkTicketsBody>;

export const listProblemsQuery = z.strictObject({
  status: status.optional(),
  q: z.string().trim().max(200, 'At most 200 characters.').optional().describe('Words of the title (case-insensitive), or a problem number.'),
  cursor: id.optional().describe('nextCursor of the previous page.'),
  limit: z.coerce.number().int().min(1, 'At least 1.').max(LIMITS.pageSizeMax, `At most ${LIMITS.pageSizeMax}.`).optional(),
});
export type ListProblemsQuery = z.infer<typeof listProblemsQuery>;

const person = z.object({ id: z.number(), name: z.string() }).nullable();

export const problemTicketSchema = z.object({ id: z.number(), subject: z.string(), status: z.enum(TICKET_STATUSES), linkedAt: z.string() });

export const knownSolutionSchema = z.object({ id: z.number(), slug: z.string(), title: z.string(), locale: z.enum(KB_LOCALES), kind: z.enum(KB_SOLUTION_KINDS) });
export type KnownSolutionDto = z.infer<typeof knownSolutionSchema>;

export const problemSummarySchema = z.object({
  id: z.number(),
  title: z.string(),
  status: z.enum(PROBLEM_STATUSES),
  ownerGroup: person,
  owner: person,
  ticketCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProblemSummaryDto = z.infer<typeof problemSummarySchema>;

export const problemSchema = problemSummarySchema.extend({
  description: z.string(),
  rootCause: z.string(),
  workaround: z.string(),
  version: z.number(),
  resolvedAt: z.string().nullable(),
  createdBy: person,
  /** Every linked ticket's number. */
  ticketIds: z.array(z.number()),
  /** The linked tickets the caller may see (an agent sees their groups' tickets). */
  tickets: z.array(problemTicketSchema),
  /** Published or draft articles marked as this problem's known solution or workaround that the caller may read. */
  knownSolutions: z.array(knownSolutionSchema),
});
export type ProblemDto = z.infer<typeof problemSchema>;

export const problemListSchema = z.object({ items: z.array(problemSummarySchema), nextCursor: z.number().nullable() });
export type ProblemListDto = z.infer<typeof problemListSchema>;

/** The problem a ticket belongs to, for the ticket view (agents). */
export const ticketProblemSchema = z.object({
  problem: z
    .object({
      id: z.number(),
      title: z.string(),
      status: z.enum(PROBLEM_STATUSES),
      workaround: z.string(),
      knownSolutions: z.array(knownSolutionSchema),
    })
    .nullable(),
});
export type TicketProblemDto = z.infer<typeof ticketProblemSchema>;

/** A problem's own history: its domain events in words (who, when, what). */
export const problemHistorySchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      type: z.enum(['problem.created', 'problem.changed', 'problem.tickets_linked', 'problem.ticket_unlinked']),
      actor: person,
      at: z.string(),
      /** problem.changed: old → new per field (ids for owners). */
      changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
      /** created and linked: the tickets linked; unlinked: the one unlinked. */
      ticketIds: z.array(z.number()),
    }),
  ),
});
export type ProblemHistoryDto = z.infer<typeof problemHistorySchema>;
