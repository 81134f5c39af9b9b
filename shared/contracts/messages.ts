/** The messages of a ticket: public replies and internal notes. */
import { z } from 'zod';

export const createMessageBody = z.strictObject({
  body: z.string().trim().min(1, 'Write a message.'),
  internal: z.boolean().optional(),
  /** Optional status change in the same step ("reply and set pending"). */
  status: z.enum(['open', 'pending', 'resolved', 'closed']).optional(),
  /** Attachments uploaded before (POST /tickets/:id/attachments) to put on this message. */
  attachmentIds: z.array(z.number().int().positive()).max(20).optional(),
});
export type CreateMessageInput = z.input<typeof createMessageBody>;

export const messageSchema = z.object({
  id: z.number(),
  ticketId: z.number(),
  author: z.object({ id: z.number(), name: z.string() }),
  internal: z.boolean(),
  /** An automatic answer to our mail (out-of-office, bounce), shown to agents only. */
  automatic: z.boolean(),
  /** Mail only, for agents: false when the sender's address could not be verified (forgeable); null otherwise. */
  senderVerified: z.boolean().nullable(),
  body: z.string(),
  /**
   * How to show `body`: `markdown` for what agents and portal users wrote; `text` for what came
   * by mail (shown as it was written, links clickable, never interpreted as markup).
   */
  format: z.enum(['markdown', 'text']),
  bodyHtml: z.string().nullable(),
  attachments: z.array(z.object({ id: z.number(), filename: z.string(), contentType: z.string(), size: z.number() })),
  createdAt: z.string(),
});
export type MessageDto = z.infer<typeof messageSchema>;

/** GET /tickets/:id/messages. */
export const messageListSchema = z.object({ items: z.array(messageSchema) });
export type MessageListDto = z.infer<typeof messageListSchema>;
