/** Mail administration: received mail and what became of it, and the IMAP mailboxes polled. */
import { z } from 'zod';

/** What became of a received mail (CONTRACT.md, "Mail administration"); `received`: not processed yet. */
export const INBOUND_MAIL_STATES = ['ticket', 'reply', 'attached', 'ignored', 'duplicate', 'failed', 'received'] as const;
export type InboundMailState = (typeof INBOUND_MAIL_STATES)[number];
/** The stored status values the old `?status=` filter takes. */
export const INBOUND_MAIL_STATUSES = ['received', 'processed', 'ignored', 'rate_limited', 'held', 'failed', 'duplicate'] as const;

export const inboundMailSchema = z.object({
  id: z.number(),
  receivedAt: z.string(),
  /** The sender's address (From, else the envelope), once known. */
  from: z.string().nullable(),
  subject: z.string(),
  messageId: z.string(),
  state: z.enum(INBOUND_MAIL_STATES),
  /** Why it was ignored, held, failed, or whose duplicate it is. */
  reason: z.string().nullable(),
  ticketId: z.number().nullable(),
  /** The finer stored values, kept for existing scripts. */
  source: z.string(),
  fromAddress: z.string().nullable(),
  status: z.string(),
  outcome: z.string().nullable(),
  failureReason: z.string().nullable(),
  senderVerified: z.boolean().nullable(),
  authResults: z.string().nullable(),
  size: z.number(),
  /** Ignored or failed: an admin may process it again. */
  reprocessable: z.boolean(),
});
export type InboundMailDto = z.infer<typeof inboundMailSchema>;

export const inboundMailListSchema = z.object({ items: z.array(inboundMailSchema), nextCursor: z.string().nullable() });
export type InboundMailListDto = z.infer<typeof inboundMailListSchema>;

export const inboundMailsQuery = z.strictObject({
  state: z.enum(INBOUND_MAIL_STATES).optional(),
  /** The older, finer filter (failed, held, …); `state` is the one to use. */
  status: z.enum(INBOUND_MAIL_STATUSES).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, 'Use the nextCursor of the previous page.')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const mailboxSchema = z.object({
  id: z.number(),
  name: z.string(),
  host: z.string(),
  port: z.number(),
  secure: z.boolean(),
  username: z.string(),
  folder: z.string(),
  moveTo: z.string().nullable(),
  active: z.boolean(),
  lastError: z.string().nullable(),
  lastPolledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MailboxDto = z.infer<typeof mailboxSchema>;

const hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'Enter a host name or IP address.');
const folder = z.string().trim().min(1).max(200);
export const createMailboxBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  host: hostname,
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(true),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1000),
  folder: folder.default('INBOX'),
  moveTo: folder.nullable().optional(),
  active: z.boolean().default(true),
});
export type CreateMailboxInput = z.input<typeof createMailboxBody>;

/** Every field optional; a password is only sent to change it (the stored one never leaves the server). */
export const updateMailboxBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  host: hostname.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  secure: z.boolean().optional(),
  username: z.string().trim().min(1).max(320).optional(),
  password: z.string().min(1).max(1000).optional(),
  folder: folder.optional(),
  moveTo: folder.nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateMailboxInput = z.input<typeof updateMailboxBody>;
