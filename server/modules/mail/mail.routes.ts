import type { Selectable } from 'kysely';
import { z } from 'zod';
import { nowIso } from '../../platform/db/database.ts';
import type { MailboxesTable } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { encryptSecret, secretKey } from './secret-box.ts';

const mailboxSchema = z.object({
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

/** Everything about a mailbox except its password, which never leaves the server. */
function presentMailbox(row: Selectable<MailboxesTable>): z.infer<typeof mailboxSchema> {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    secure: row.secure === 1,
    username: row.username,
    folder: row.folder,
    moveTo: row.move_to,
    active: row.active === 1,
    lastError: row.last_error,
    lastPolledAt: row.last_polled_at,
    createdAt: row.created_at,
  };
}

const hostname = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, 'Enter a host name or IP address.');
const folder = z.string().trim().min(1).max(200);
const createMailboxBody = z.strictObject({
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
const inboundMailSchema = z.object({
  id: z.number(),
  messageId: z.string(),
  source: z.string(),
  fromAddress: z.string().nullable(),
  status: z.string(),
  outcome: z.string().nullable(),
  /** Why the mail was parked ('failed', 'held'). */
  failureReason: z.string().nullable(),
  senderVerified: z.boolean().nullable(),
  authResults: z.string().nullable(),
  ticketId: z.number().nullable(),
  size: z.number(),
  receivedAt: z.string(),
});
const inboundMailsQuery = z.strictObject({
  status: z.enum(['received', 'processed', 'ignored', 'rate_limited', 'held', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const mailboxParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** IMAP mailboxes the poller reads, configured by admins; passwords are stored encrypted. */
export async function mailRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['admin'];
  const db = deps.db;

  app.get('/admin/mailboxes', { schema: { tags, summary: 'IMAP mailboxes polled for mail (admins)', response: { 200: z.object({ items: z.array(mailboxSchema) }) } } }, async (request) => {
    requireAdmin(request);
    const rows = await db.selectFrom('mailboxes').selectAll().orderBy('id').execute();
    return { items: rows.map(presentMailbox) };
  });

  app.post('/admin/mailboxes', { schema: { tags, summary: 'Add an IMAP mailbox (admins)', body: createMailboxBody, response: { 201: mailboxSchema } } }, async (request, reply) => {
    requireAdmin(request);
    const body = request.body;
    const row = await db
      .insertInto('mailboxes')
      .values({
        name: body.name,
        host: body.host,
        port: body.port,
        secure: body.secure ? 1 : 0,
        username: body.username,
        password_encrypted: encryptSecret(secretKey(deps.config.dataDir), body.password),
        folder: body.folder,
        move_to: body.moveTo ?? null,
        active: body.active ? 1 : 0,
        created_at: nowIso(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return reply.status(201).send(presentMailbox(row));
  });

  // Parked mail (status failed or held) waits here for an admin; the raw mail stays in the database.
  app.get('/admin/inbound-mails', { schema: { tags, summary: 'Received mail and its intake result, newest first (admins)', querystring: inboundMailsQuery, response: { 200: z.object({ items: z.array(inboundMailSchema) }) } } }, async (request) => {
    requireAdmin(request);
    let query = db
      .selectFrom('inbound_mails')
      .select(['id', 'message_id', 'source', 'from_address', 'status', 'outcome', 'failure_reason', 'sender_verified', 'auth_results', 'ticket_id', 'size', 'received_at'])
      .orderBy('id', 'desc')
      .limit(request.query.limit);
    if (request.query.status) query = query.where('status', '=', request.query.status);
    const rows = await query.execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        messageId: r.message_id,
        source: r.source,
        fromAddress: r.from_address,
        status: r.status,
        outcome: r.outcome,
        failureReason: r.failure_reason,
        senderVerified: r.sender_verified === null ? null : r.sender_verified === 1,
        authResults: r.auth_results,
        ticketId: r.ticket_id,
        size: r.size,
        receivedAt: r.received_at,
      })),
    };
  });

  app.delete('/admin/mailboxes/:id', { schema: { tags, summary: 'Remove an IMAP mailbox (admins)', params: mailboxParams } }, async (request, reply) => {
    requireAdmin(request);
    const result = await db.deleteFrom('mailboxes').where('id', '=', request.params.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(`Mailbox ${request.params.id}`);
    await recordAudit(db, { ...auditOrigin(request), action: 'mailbox.deleted', target: { type: 'mailbox', id: request.params.id } });
    return reply.status(204).send();
  });
}
