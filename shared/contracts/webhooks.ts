/** Outgoing webhooks (admins): signed POSTs to another system when tickets change. */
import { z } from 'zod';

const id = z.coerce.number().int().positive().max(2_147_483_647);
export const webhookParams = z.strictObject({ id });

/** What a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.updated', 'message.added', 'ticket.escalated', 'ticket.merged', 'sla.breached'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const url = z.string('Enter an address.').trim().min(1, 'Enter an address.').max(2000, 'At most 2000 characters.');
const events = z
  .array(z.enum(WEBHOOK_EVENTS, `Must be one of: ${WEBHOOK_EVENTS.join(', ')}.`))
  .min(1, 'Choose at least one.')
  .max(WEBHOOK_EVENTS.length);
const secret = z.string('Enter a secret.').min(16, 'At least 16 characters.').max(200, 'At most 200 characters.');

export const createWebhookBody = z.strictObject({
  url,
  events,
  secret: secret.describe('Signs every delivery: X-Anlauf-Signature: sha256=<hex HMAC-SHA256 of the raw body>. Never shown again.'),
  active: z.boolean().optional(),
  includeInternal: z.boolean().optional().describe('message.added also for internal notes (default: public messages only).'),
});
export type CreateWebhookInput = z.input<typeof createWebhookBody>;

export const updateWebhookBody = z.strictObject({
  url: url.optional(),
  events: events.optional(),
  secret: secret.optional(),
  active: z.boolean().optional(),
  includeInternal: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof updateWebhookBody>;

export const webhookSchema = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  includeInternal: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDto = z.infer<typeof webhookSchema>;
export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

export const webhookDeliverySchema = z.object({
  id: z.number(),
  event: z.string(),
  attempt: z.number(),
  ok: z.boolean(),
  statusCode: z.number().nullable(),
  durationMs: z.number(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable().describe('The first 300 characters of the answer.'),
  createdAt: z.string(),
});
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;
export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) });
export const webhookTestResponse = z.object({ jobId: z.number() });
