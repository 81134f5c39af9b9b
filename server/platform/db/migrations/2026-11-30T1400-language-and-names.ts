import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Findings of trying Anlauf as a new user:
 * - users.locale becomes nullable without a default: a person's language is unknown until
 *   they (or an admin) choose it or their first message shows it. Existing rows keep theirs.
 *   SQLite cannot drop NOT NULL in place, so the column is copied into a new one (locale has no
 *   index or constraint, so dropping it is allowed).
 * - categories.name_en: an optional English name beside the (German) name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await db.schema.alterTable('users').addColumn('locale_chosen', 'text').execute();
    await sql`UPDATE users SET locale_chosen = locale`.execute(db);
    await db.schema.alterTable('users').dropColumn('locale').execute();
    await db.schema.alterTable('users').renameColumn('locale_chosen', 'locale').execute();
  } else {
    await sql`ALTER TABLE users ALTER COLUMN locale DROP NOT NULL, ALTER COLUMN locale DROP DEFAULT`.execute(db);
  }
  await db.schema.alterTable('categories').addColumn('name_en', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('categories').dropColumn('name_en').execute();
  await sql`UPDATE users SET locale = 'de' WHERE locale IS NULL`.execute(db);
  if (dialectOf(db) === 'postgres') await sql`ALTER TABLE users ALTER COLUMN locale SET NOT NULL, ALTER COLUMN locale SET DEFAULT 'de'`.execute(db);
}
