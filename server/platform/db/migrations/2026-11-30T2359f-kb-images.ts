import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Images in knowledge articles (modules/knowledge/kb-images.*):
 * - kb_images: an uploaded image, its file in the content-addressed attachment storage;
 * - kb_article_images: which article's current body references which image, rewritten on every
 *   save, so serving an image asks one indexed join whether a reader may see any such article.
 * Images are never removed with an article version: restoring an old body brings its links back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('kb_images')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('filename', 'text', (c: any) => c.notNull())
    .addColumn('content_type', 'text', (c: any) => c.notNull())
    .addColumn('size', 'integer', (c: any) => c.notNull())
    .addColumn('sha256', 'text', (c: any) => c.notNull())
    .addColumn('storage_key', 'text', (c: any) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_images_storage_key').on('kb_images').columns(['storage_key']).execute();

  await db.schema
    .createTable('kb_article_images')
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('image_id', 'integer', (c: any) => c.notNull().references('kb_images.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('kb_article_images_pk', ['article_id', 'image_id'])
    .execute();
  await db.schema.createIndex('kb_article_images_image').on('kb_article_images').columns(['image_id', 'article_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kb_article_images').execute();
  await db.schema.dropTable('kb_images').execute();
}
