import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/** The core schema: people, teams, tickets, conversation, history, search, sessions, jobs. */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const idType = sqlite ? 'integer' : 'serial';
  const id = (t: any) => t.addColumn('id', idType, (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()));

  await id(db.schema.createTable('organisations'))
    .addColumn('name', 'text', (c: any) => c.notNull().unique())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('shares_tickets', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('users'))
    .addColumn('email', 'text', (c: any) => c.notNull().unique())
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('role', 'text', (c: any) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('locale', 'text', (c: any) => c.notNull().defaultTo('de'))
    .addColumn('time_zone', 'text', (c: any) => c.notNull().defaultTo('Europe/Berlin'))
    .addColumn('organisation_id', 'integer', (c: any) => c.references('organisations.id').onDelete('set null'))
    .addColumn('signature', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('users_organisation').on('users').columns(['organisation_id']).execute();

  await id(db.schema.createTable('groups'))
    .addColumn('name', 'text', (c: any) => c.notNull().unique())
    .addColumn('level', 'text', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('is_default', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').columns(['user_id']).execute();

  await id(db.schema.createTable('categories'))
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('parent_id', 'integer', (c: any) => c.references('categories.id').onDelete('set null'))
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();

  await id(db.schema.createTable('tickets'))
    .addColumn('subject', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('priority', 'text', (c: any) => c.notNull())
    .addColumn('priority_rank', 'integer', (c: any) => c.notNull())
    .addColumn('requester_id', 'integer', (c: any) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'integer', (c: any) => c.references('organisations.id').onDelete('set null'))
    .addColumn('group_id', 'integer', (c: any) => c.notNull().references('groups.id'))
    .addColumn('assignee_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('category_id', 'integer', (c: any) => c.references('categories.id').onDelete('set null'))
    .addColumn('channel', 'text', (c: any) => c.notNull())
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  // Keyset paging sorts by id (creation order) or (updated_at, id); these indexes serve the queues.
  const ticketIndexes: Array<[string, string[]]> = [
    ['tickets_group_status', ['group_id', 'status', 'id']],
    ['tickets_assignee_status', ['assignee_id', 'status', 'id']],
    ['tickets_requester', ['requester_id', 'id']],
    ['tickets_organisation', ['organisation_id', 'id']],
    ['tickets_status', ['status', 'id']],
    ['tickets_category', ['category_id', 'id']],
    ['tickets_updated', ['updated_at', 'id']],
    ['tickets_created', ['created_at', 'id']],
    ['tickets_priority', ['priority_rank', 'id']],
  ];
  for (const [name, columns] of ticketIndexes) await db.schema.createIndex(name).on('tickets').columns(columns).execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

  await id(db.schema.createTable('messages'))
    .addColumn('ticket_id', 'integer', (c: any) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c: any) => c.notNull().references('users.id'))
    .addColumn('internal', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_ticket').on('messages').columns(['ticket_id', 'id']).execute();

  await id(db.schema.createTable('ticket_events'))
    .addColumn('ticket_id', 'integer', (c: any) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('internal', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute();

  await id(db.schema.createTable('attachments'))
    .addColumn('ticket_id', 'integer', (c: any) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'integer', (c: any) => c.references('messages.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c: any) => c.notNull())
    .addColumn('content_type', 'text', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    .addColumn('sha256', 'text', (c: any) => c.notNull())
    .addColumn('storage_key', 'text', (c: any) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c: any) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_ticket').on('attachments').columns(['ticket_id', 'message_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

  await id(db.schema.createTable('api_tokens'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('token_hash', 'text', (c: any) => c.notNull().unique())
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await id(db.schema.createTable('jobs'))
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('payload', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('attempts', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c: any) => c.notNull().defaultTo(8))
    .addColumn('run_at', 'text', (c: any) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Full-text search over pre-processed text (see server/platform/search/normalise.ts). Two documents per
  // ticket, so that words that only stand in internal notes never match for requesters.
  if (sqlite) {
    await sql`CREATE VIRTUAL TABLE ticket_fts USING fts5(public_text, internal_text, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')`.execute(db);
  } else {
    await sql`CREATE TABLE ticket_search (
      ticket_id integer PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
      public_doc tsvector NOT NULL,
      internal_doc tsvector NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX ticket_search_public ON ticket_search USING gin (public_doc)`.execute(db);
    await sql`CREATE INDEX ticket_search_all ON ticket_search USING gin ((public_doc || internal_doc))`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be undone; restore a backup instead.');
}
