/** The requester's rating of the help on a resolved ticket. */
import { z } from 'zod';

export const rateTicketBody = z.strictObject({
  rating: z.number().int().min(1, 'From 1 to 5.').max(5, 'From 1 to 5.'),
  comment: z.string().trim().max(2000, 'At most 2000 characters.').optional(),
});
export type RateTicketBody = z.infer<typeof rateTicketBody>;
export type RateTicketInput = z.input<typeof rateTicketBody>;

export const satisfactionSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string(),
  /** When the rated resolution happened (the ticket's resolvedAt or closedAt then). */
  resolutionAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SatisfactionDto = z.infer<typeof satisfactionSchema>;

/** The latest rating of a ticket, or null when there is none. */
export const satisfactionResponse = z.object({ satisfaction: satisfactionSchema.nullable() });
export type SatisfactionResponse = z.infer<typeof satisfactionResponse>;

/** GET /users/:id/satisfaction: how a requester rated the help (agents; only the tickets the caller may see). */
export const requesterSatisfactionSchema = z.object({
  average: z.number().nullable().describe('Mean of the latest rating of each ticket, one decimal; null without ratings.'),
  count: z.number(),
  recent: z.array(
    z.object({
      ticketId: z.number(),
      subject: z.string(),
      rating: z.number().int().min(1).max(5),
      comment: z.string(),
      createdAt: z.string(),
    }),
  ),
});
export type RequesterSatisfactionDto = z.infer<typeof requesterSatisfactionSchema>;
