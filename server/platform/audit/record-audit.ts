import type { FastifyRequest } from 'fastify';
import { type Executor, nowIso } from '../db/database.ts';
import type { AuditAction } from '../../../shared/contracts/audit.ts';

export interface AuditTarget {
  type: 'user' | 'api_token' | 'organisation' | 'ticket' | 'mailbox' | 'settings' | 'address' | 'trigger' | 'webhook';
  id?: number | null;
  /** What the target is called now (an address, a token's name): entries outlive renames. */
  label?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  actorId: number | null;
  clientIp: string | null;
  target?: AuditTarget | undefined;
  /** Plain facts only. Passwords, tokens, hashes and links never belong here. */
  details?: Record<string, string | number | boolean | null> | undefined;
  /** When it happened, if not now (subscribers pass the event's time). */
  at?: string | undefined;
}

/** Who is acting and from where, as the request shows it. */
export function auditOrigin(request: FastifyRequest): { actorId: number | null; clientIp: string } {
  return { actorId: request.actor?.id ?? null, clientIp: request.ip };
}

/**
 * Appends one entry. Pass the transaction of the action itself, so that the entry exists
 * exactly when the action does.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      action: entry.action,
      actor_id: entry.actorId,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      target_label: entry.target?.label ?? null,
      client_ip: entry.clientIp,
      details: JSON.stringify(entry.details ?? {}),
      created_at: entry.at ?? nowIso(),
    })
    .execute();
}
