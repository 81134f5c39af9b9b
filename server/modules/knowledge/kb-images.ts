import fs from 'node:fs';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../auth/auth.queries.ts';
import { commitStaged, discardStaged } from '../attachments/attachment-store.ts';
import type { ReceivedFile } from '../attachments/upload-attachments.ts';
import { canWriteArticles, visibleArticles } from './knowledge.policy.ts';
import type { KbImageDto } from '../../../shared/contracts/knowledge.ts';

/**
 * Images in articles: uploaded by authors into the content-addressed attachment storage,
 * referenced from Markdown as `![alt](/api/v1/kb/images/<id>)`. Who may see an image follows
 * the articles whose current body references it (kb_article_images, rewritten on every save):
 * authors see every image, readers only those of an article they may read.
 */

export const KB_IMAGE_PATH = '/api/v1/kb/images/';
/** The one image address an article may carry (the sanitisers on server and web allow only this). */
export const KB_IMAGE_URL = /^\/api\/v1\/kb\/images\/(\d{1,10})$/;
export const MAX_KB_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_KB_IMAGES_PER_UPLOAD = 10;

const SIGNATURES: Array<{ type: string; matches: (head: Buffer) => boolean }> = [
  { type: 'image/png', matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { type: 'image/gif', matches: (h) => ['GIF87a', 'GIF89a'].includes(h.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', matches: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The image type the file's first bytes prove (PNG, JPEG, GIF, WebP), or null: the declared type is not trusted. */
export function sniffImageType(head: Buffer): string | null {
  return SIGNATURES.find((s) => s.matches(head))?.type ?? null;
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const read = fs.readSync(fd, head, 0, 16, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks every received file is a raster image and stores it; nothing is kept when one is refused. */
export async function saveKbImages(db: Db, dataDir: string, actor: Actor, files: ReceivedFile[]): Promise<KbImageDto[]> {
  try {
    const typed = files.map((file) => {
      const type = sniffImageType(readHead(file.tempPath));
      if (!type) {
        const svg = /svg/i.test(file.contentType) || /\.svgz?$/i.test(file.filename);
        throw new AppError(
          'unsupported_media_type',
          svg ? `"${file.filename}" is an SVG image: only PNG, JPEG, GIF and WebP images can be inserted.` : `"${file.filename}" is not a PNG, JPEG, GIF or WebP image.`,
        );
      }
      return { file, type };
    });
    const now = nowIso();
    const rows = typed.map(({ file, type }) => ({
      filename: file.filename,
      content_type: type,
      size: file.size,
      sha256: file.sha256,
      storage_key: commitStaged(dataDir, file),
      uploaded_by: actor.id,
      created_at: now,
    }));
    const inserted = await db.insertInto('kb_images').values(rows).returning(['id', 'filename', 'content_type', 'size']).execute();
    return inserted.map((row) => ({ id: row.id, url: `${KB_IMAGE_PATH}${row.id}`, filename: row.filename, contentType: row.content_type, size: row.size }));
  } finally {
    discardStaged(files);
  }
}

/** The ids of our images an article body references (Markdown or HTML, any number of times). */
export function imageIdsIn(markdown: string): number[] {
  const ids = new Set<number>();
  for (const match of markdown.matchAll(/\/api\/v1\/kb\/images\/(\d{1,10})(?!\d)/g)) ids.add(Number(match[1]));
  return [...ids].filter((id) => id > 0 && id <= 2_147_483_647);
}

/** Rewrites which images the article's current body references (in the transaction of the save). */
export async function linkArticleImages(trx: Executor, articleId: number, body: string): Promise<void> {
  await trx.deleteFrom('kb_article_images').where('article_id', '=', articleId).execute();
  const wanted = imageIdsIn(body);
  if (wanted.length === 0) return;
  const existing = await trx.selectFrom('kb_images').select('id').where('id', 'in', wanted).execute();
  if (existing.length === 0) return;
  await trx
    .insertInto('kb_article_images')
    .values(existing.map((row) => ({ article_id: articleId, image_id: row.id })))
    .execute();
}

/**
 * An image the caller may see, or a 404 (the same as for a missing one): authors see every
 * image (also one just uploaded into a draft); everyone else only an image that an article they
 * may read references, so an image of an internal or draft article never leaks.
 */
export async function loadVisibleImage(db: Executor, actor: Actor | null, id: number) {
  let qb = db.selectFrom('kb_images').select(['id', 'filename', 'content_type', 'size', 'sha256', 'storage_key']).where('kb_images.id', '=', id);
  if (!actor || !canWriteArticles(actor)) {
    qb = qb.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('kb_article_images')
          .innerJoin('kb_articles', 'kb_articles.id', 'kb_article_images.article_id')
          .select('kb_article_images.article_id')
          .whereRef('kb_article_images.image_id', '=', 'kb_images.id')
          .where(visibleArticles(actor)),
      ),
    );
  }
  const row = await qb.executeTakeFirst();
  if (!row) throw notFound('The image');
  return row;
}
