/**
 * Images in articles, under /api/v1/kb:
 *   POST /images (multipart/form-data)  → 201 {items: [{id, url, …}]} (agents, admins); 413 over 5 MiB, 415 for anything but PNG/JPEG/GIF/WebP
 *   GET  /images/:id                    → 200 the image; 404 unless the caller may read an article that references it (authors: always)
 */
import fs from 'node:fs';
import multipart from '@fastify/multipart';
import { AppError, notFound } from '../../platform/errors.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireAgent } from '../auth/auth-plugin.ts';
import { openForReading, storagePath } from '../attachments/attachment-store.ts';
import { receiveFiles } from '../attachments/upload-attachments.ts';
import { loadVisibleImage, MAX_KB_IMAGE_BYTES, MAX_KB_IMAGES_PER_UPLOAD, saveKbImages } from './kb-images.ts';
import { kbImageParams, kbImageUploadSchema } from '../../../shared/contracts/knowledge.ts';

export async function kbImageRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['knowledge'];

  // Multipart only in this scope: every other route keeps accepting JSON alone.
  await app.register(async (plugin) => {
    const scope = plugin as App;
    await scope.register(multipart, {
      limits: { fileSize: MAX_KB_IMAGE_BYTES, files: MAX_KB_IMAGES_PER_UPLOAD, fields: 10, parts: MAX_KB_IMAGES_PER_UPLOAD + 10 },
    });
    scope.addHook('onRequest', async (request) => {
      requireAgent(request);
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) throw new AppError('unsupported_media_type', 'Send images as multipart/form-data.');
    });
    scope.post(
      '/kb/images',
      {
        schema: {
          tags,
          summary: 'Upload images for articles (agents, admins; multipart/form-data)',
          description: `PNG, JPEG, GIF or WebP (checked by content; SVG is refused), at most ${MAX_KB_IMAGE_BYTES} bytes and ${MAX_KB_IMAGES_PER_UPLOAD} files. Reference an image from an article's Markdown as ![alt](url).`,
          consumes: ['multipart/form-data'],
          response: { 201: kbImageUploadSchema },
        },
      },
      async (request, reply) => {
        const actor = requireAgent(request);
        const files = await receiveFiles(deps.config.dataDir, MAX_KB_IMAGE_BYTES, request.files());
        return reply.status(201).send({ items: await saveKbImages(deps.db, deps.config.dataDir, actor, files) });
      },
    );
  });

  app.get(
    '/kb/images/:id',
    { config: { public: true }, schema: { tags, summary: 'An image of an article the caller may read (public for published public articles)', params: kbImageParams } },
    async (request, reply) => {
      const image = await loadVisibleImage(deps.db, request.actor, request.params.id);
      const etag = `"${image.sha256}"`;
      // Anonymous answers are only ever images of published public articles: any cache may keep them a while.
      void reply
        .header('etag', etag)
        .header('cache-control', request.actor ? 'private, no-cache' : 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      let stream: fs.ReadStream;
      try {
        stream = await openForReading(storagePath(deps.config.dataDir, image.storage_key));
      } catch {
        request.log.error({ imageId: image.id }, 'knowledge image file is missing');
        throw notFound('The image');
      }
      return reply
        .header('content-type', image.content_type)
        .header('content-length', image.size)
        .header('content-disposition', `inline; filename="${image.id}.${image.content_type.slice('image/'.length)}"`)
        .send(stream);
    },
  );
}
