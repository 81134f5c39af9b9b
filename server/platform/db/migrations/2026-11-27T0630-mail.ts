import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * The e-mail channel: raw inbound mail kept durably (before the SMTP 250 / the IMAP flag),
 * Message-IDs that thread mail to tickets, CCs per ticket, IMAP mailboxes, and an index that
 * lets the job runner find expired locks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const idType = sqlite ? 'integer' : 'serial';
  const id = (t: any) => t.addColumn('id', idType, (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()));

  await id(db.schema.createTable('inbound_mails'))
    // The Message-ID header (or a hash of the raw bytes when there is none): duplicates are dropped.
    .addColumn('message_id', 'text', (c: any) => c.notNull().unique())
    .addColumn('source', 'text', (c: any) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text')
    .addColumn('raw', sqlite ? 'blob' : 'bytea', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    // received → processed | ignored | rate_limited | failed
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('ticket_id', 'integer', (c: any) => c.references('tickets.id').onDelete('set null'))
    .addColumn('message_row_id', 'integer', (c: any) => c.references('messages.id').onDelete('set null'))
    .addColumn('outcome', 'text')
    .addColumn('received_at', 'text', (c: any) => c.notNull())
    .addColumn('processed_at', 'text')
    .execute();
  await db.schema.createIndex('inbound_mails_sender').on('inbound_mails').columns(['from_address', 'received_at']).execute();

  await db.schema
    .createTable('mail_threads')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_row_id', 'integer', (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_threads_ticket').on('mail_threads').columns(['ticket_id']).execute();

  await db.schema
    .createTable('ticket_ccs')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_ccs_pk', ['ticket_id', 'email'])
    .execute();

  await id(db.schema.createTable('mailboxes'))
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('host', 'text', (c: any) => c.notNull())
    .addColumn('port', 'integer', (c: any) => c.notNull())
    .addColumn('secure', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('username', 'text', (c: any) => c.notNull())
    .addColumn('password_encrypted', 'text', (c: any) => c.notNull())
    .addColumn('folder', 'text', (c: any) => c.notNull().defaultTo('INBOX'))
    .addColumn('move_to', 'text')
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('last_error', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();

  await db.schema.createIndex('jobs_kind_status').on('jobs').columns(['kind', 'status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_kind_status').execute();
  for (const table of ['mailboxes', 'ticket_ccs', 'mail_threads', 'inbound_mails']) await db.schema.dropTable(table).execute();
}
