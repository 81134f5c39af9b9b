/** The audit log: security-relevant actions, append-only, for administrators. */
import { z } from 'zod';
import { LIMITS } from '../enums.ts';

/** Every kind of entry. New ones are added at the end; names never change (entries keep them). */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.signed_up',
  'auth.email_verified',
  'auth.password_changed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'user.created',
  'user.role_changed',
  'user.organisation_changed',
  'user.activated',
  'user.deactivated',
  'api_token.created',
  'api_token.revoked',
  'organisation.domain_trust_changed',
  'portal.signup_changed',
  'ticket.merged',
  'mailbox.deleted',
  'mailbox.changed',
  'auth.unconfirmed_password_dropped',
  'trigger.created',
  'trigger.changed',
  'trigger.deleted',
  'automation.time_rules_changed',
  'auth.totp_enabled',
  'auth.totp_disabled',
  'auth.totp_reset',
  'auth.recovery_code_used',
  'user.exported',
  'user.anonymised',
  'webhook.created',
  'webhook.changed',
  'webhook.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLogQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'Not a cursor from this API; start again from the first page.')
    .optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).optional(),
  action: z.enum(AUDIT_ACTIONS, 'Unknown action.').optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export const auditEntrySchema = z.object({
  id: z.number(),
  occurredAt: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({ id: z.number(), name: z.string(), email: z.string() }).nullable().describe('Who did it; null for anonymous callers and the system.'),
  target: z.object({ type: z.string(), id: z.number().nullable(), label: z.string().nullable() }).nullable(),
  clientIp: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).describe('Further facts, e.g. {"from":"agent","to":"admin"}; never secrets.'),
});
export type AuditEntryDto = z.infer<typeof auditEntrySchema>;
export const auditLogSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
export type AuditLogDto = z.infer<typeof auditLogSchema>;
