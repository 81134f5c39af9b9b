import fs from 'node:fs';
import { sql } from 'kysely';
import type { Dialect, Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { storagePath } from '../attachments/attachment-store.ts';
import { anonymiseTicketTexts } from '../tickets/anonymise-ticket-texts.ts';
import { WEBHOOK_DELIVERY_JOB } from '../webhooks/deliver-webhook.job.ts';

export const anonymisedName = (id: number) => `Anonymisiert #${id}`;
export const anonymisedEmail = (id: number) => `anonymised-${id}@invalid`;
/** What a removed message says instead (German and English, as readers of both see it). */
export const REMOVED_TEXT = '[Anonymisiert / anonymised]';

/**
 * Erasure (right to be forgotten) of one person. Their tickets stay for statistics (status,
 * times, group, category, ratings), everything that identifies them goes:
 * - the user row: name and address replaced, password, locale and signature removed, deactivated;
 * - sign-in: sessions, API tokens, two-factor secret and recovery codes, reset and verification links;
 * - text: their own messages as requester (and every message of a customer) lose their text;
 *   their name and address are replaced in the subjects and messages of the tickets they
 *   requested (an agent's greeting "Hallo Frau Meier"); the search index is rebuilt;
 * - files they uploaded in those messages are deleted (a file cannot be scrubbed);
 * - mail: raw mails from their address are emptied (the row stays for Message-ID de-duplication),
 *   cc entries with their address and queued or sent mail and webhook jobs naming it are removed;
 * - comments of their ratings and knowledge-base feedback are emptied;
 * - the audit log keeps its entries (who did what stays provable) but forgets their address
 *   and client IPs.
 * An agent's replies in other people's tickets are the organisation's records: they stay, under
 * the anonymised name. Returns what it touched (counts) and the files to delete after commit.
 */
export async function anonymisePerson(db: Executor, dialect: Dialect, input: { userId: number; actorId: number }) {
  if (input.userId === input.actorId) throw new AppError('conflict', 'You cannot anonymise yourself. Ask another administrator.');
  const user = await db.selectFrom('users').selectAll().where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw notFound('The user');
  if (user.role === 'admin' && user.active === 1) {
    let admins = db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).orderBy('id');
    if (dialect === 'postgres') admins = admins.forUpdate();
    if (!(await admins.execute()).some((a) => a.id !== user.id)) throw new AppError('conflict', 'This is the last active administrator; make another user an administrator first.');
  }
  const id = user.id;
  const email = user.email;
  const name = anonymisedName(id);
  const newEmail = anonymisedEmail(id);

  const ticketIds = (await db.selectFrom('tickets').select('id').where('requester_id', '=', id).execute()).map((t) => t.id);
  const ownMessages = db.selectFrom('messages').select('messages.id').where('author_id', '=', id);
  const scrubMessageIds = (user.role === 'customer' ? await ownMessages.execute() : ticketIds.length > 0 ? await ownMessages.where('ticket_id', 'in', ticketIds).execute() : []).map((m) => m.id);
  const texts = await anonymiseTicketTexts(db, {
    ticketIds,
    messageIds: scrubMessageIds,
    placeholder: REMOVED_TEXT,
    replacements: [
      [email, newEmail],
      [user.name, name],
    ],
  });

  const files = scrubMessageIds.length > 0 ? await db.selectFrom('attachments').select(['id', 'storage_key']).where('uploaded_by', '=', id).where('message_id', 'in', scrubMessageIds).execute() : [];
  if (files.length > 0)
    await db
      .deleteFrom('attachments')
      .where(
        'id',
        'in',
        files.map((f) => f.id),
      )
      .execute();

  await db
    .updateTable('users')
    .set({ name, email: newEmail, password_hash: null, active: 0, email_verified: 0, must_change_password: 0, away: 0, locale: null, signature: '', updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
  for (const table of [
    'sessions',
    'api_tokens',
    'user_totp',
    'totp_recovery_codes',
    'password_resets',
    'email_verifications',
    'saved_views',
    'ticket_presence',
    'ticket_followers',
    'group_members',
    'agent_notice_windows',
    'agent_notices_held',
  ] as const) {
    await db.deleteFrom(table).where('user_id', '=', id).execute();
  }
  await db.deleteFrom('ticket_ccs').where('email', '=', email).execute();
  const mails = await db
    .updateTable('inbound_mails')
    .set({ raw: Buffer.alloc(0), size: 0, from_address: null, envelope_from: null, subject: null, client_ip: null, client_helo: null, auth_results: null })
    .where((eb) => eb.or([eb('from_address', '=', email), eb('envelope_from', '=', email)]))
    .executeTakeFirst();
  // Mails to them (queued, failed or done) carry the address and the text in their payload, and
  // webhook deliveries the ticket with its requester (the body is fixed when the job is queued).
  // LIKE wildcards in the address ("a_b@…") must not match other people's mail.
  const pattern = `%${email.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const jobs = await db
    .deleteFrom('jobs')
    .where('kind', 'in', ['mail.send', WEBHOOK_DELIVERY_JOB])
    .where('status', '!=', 'running')
    .where(sql<boolean>`payload LIKE ${pattern} ESCAPE '\\'`)
    .executeTakeFirst();
  await db.updateTable('satisfaction_ratings').set({ comment: '' }).where('user_id', '=', id).execute();
  await db.updateTable('kb_feedback').set({ comment: '', user_id: null }).where('user_id', '=', id).execute();
  await db.updateTable('kb_events').set({ user_id: null, query: '' }).where('user_id', '=', id).execute();
  await db
    .updateTable('audit_log')
    .set({ client_ip: null })
    .where((eb) => eb.or([eb('actor_id', '=', id), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', id)])]))
    .execute();
  await db.updateTable('audit_log').set({ target_label: newEmail }).where('target_type', '=', 'user').where('target_id', '=', id).execute();
  await db.updateTable('audit_log').set({ target_label: null, client_ip: null }).where('target_type', '=', 'address').where('target_label', '=', email).execute();

  return {
    summary: { tickets: texts.tickets, messages: texts.messages, attachments: files.length, inboundMails: Number(mails.numUpdatedRows), mailJobs: Number(jobs.numDeletedRows) },
    storageKeys: [...new Set(files.map((f) => f.storage_key))],
  };
}

/** After commit: deletes the files no other attachment shares. */
export async function deleteUnsharedFiles(db: Executor, dataDir: string, storageKeys: string[]): Promise<void> {
  if (storageKeys.length === 0) return;
  const stillUsed = new Set((await db.selectFrom('attachments').select('storage_key').distinct().where('storage_key', 'in', storageKeys).execute()).map((r) => r.storage_key));
  for (const key of storageKeys) if (!stillUsed.has(key)) fs.rmSync(storagePath(dataDir, key), { force: true });
}
