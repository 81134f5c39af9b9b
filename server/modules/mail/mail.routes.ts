import type { Selectable } from 'kysely';
import { z } from 'zod';
import { nowIso } from '../../platform/db/database.ts';
import type { MailboxesTable } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { encryptSecret, secretKey } from './secret-box.ts';
import { createMailboxBody, inboundMailListSchema, inboundMailSchema, inboundMailsQuery, type MailboxDto, mailboxSchema, updateMailboxBody } from '../../../shared/contracts/mail-admin.ts';
import { listInboundMails } from './inbound-mails.queries.ts';
import { intakeOptions } from './process-inbound-mail.ts';
import { reprocessInboundMail } from './reprocess-inbound-mail.ts';

/** Everything about a mailbox except its password, which never leaves the server. */
function presentMailbox(row: Selectable<MailboxesTable>): MailboxDto {
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

const idParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

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

  app.patch(
    '/admin/mailboxes/:id',
    { schema: { tags, summary: 'Change an IMAP mailbox (admins); a password only to replace it', params: idParams, body: updateMailboxBody, response: { 200: mailboxSchema } } },
    async (request) => {
      requireAdmin(request);
      const body = request.body;
      const changes = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.host !== undefined && { host: body.host }),
        ...(body.port !== undefined && { port: body.port }),
        ...(body.secure !== undefined && { secure: body.secure ? 1 : 0 }),
        ...(body.username !== undefined && { username: body.username }),
        ...(body.password !== undefined && { password_encrypted: encryptSecret(secretKey(deps.config.dataDir), body.password) }),
        ...(body.folder !== undefined && { folder: body.folder }),
        ...(body.moveTo !== undefined && { move_to: body.moveTo }),
        // Re-enabled or pointed elsewhere: the last error no longer applies.
        ...(body.active !== undefined && { active: body.active ? 1 : 0 }),
        last_error: null,
      };
      const row = await db.updateTable('mailboxes').set(changes).where('id', '=', request.params.id).returningAll().executeTakeFirst();
      if (!row) throw notFound(`Mailbox ${request.params.id}`);
      await recordAudit(db, { ...auditOrigin(request), action: 'mailbox.changed', target: { type: 'mailbox', id: row.id } });
      return presentMailbox(row);
    },
  );

  // Every received mail with what became of it and why; ignored and failed mail can be processed again.
  app.get(
    '/admin/inbound-mails',
    { schema: { tags, summary: 'Received mail and what became of it, newest first (admins)', querystring: inboundMailsQuery, response: { 200: inboundMailListSchema } } },
    async (request) => {
      requireAdmin(request);
      return listInboundMails(db, request.query);
    },
  );

  app.post(
    '/admin/inbound-mails/:id/reprocess',
    { schema: { tags, summary: 'Process an ignored or failed mail again, making a ticket where none was made (admins)', params: idParams, response: { 200: inboundMailSchema } } },
    async (request) => {
      requireAdmin(request);
      await reprocessInboundMail(db, request.params.id, intakeOptions(deps.config));
      const { items } = await listInboundMails(db, { cursor: String(request.params.id + 1), limit: 1 });
      return items[0]!;
    },
  );

  app.delete('/admin/mailboxes/:id', { schema: { tags, summary: 'Remove an IMAP mailbox (admins)', params: idParams } }, async (request, reply) => {
    requireAdmin(request);
    const result = await db.deleteFrom('mailboxes').where('id', '=', request.params.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(`Mailbox ${request.params.id}`);
    await recordAudit(db, { ...auditOrigin(request), action: 'mailbox.deleted', target: { type: 'mailbox', id: request.params.id } });
    return reply.status(204).send();
  });
}
