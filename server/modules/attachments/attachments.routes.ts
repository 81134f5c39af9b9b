import fs from 'node:fs';
import multipart from '@fastify/multipart';
import { AppError, notFound } from '../../platform/errors.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor } from '../auth/auth-plugin.ts';
import { loadVisibleTicket } from '../tickets/tickets.queries.ts';
import { ticketParams } from '../../../shared/contracts/tickets.ts';
import { contentDisposition } from './attachment-names.ts';
import { openForReading, storagePath } from './attachment-store.ts';
import { attachmentParams, uploadResultSchema } from '../../../shared/contracts/attachments.ts';
import { loadVisibleAttachment } from './attachments.queries.ts';
import { MAX_FILES_PER_UPLOAD, receiveFiles, saveAttachments } from './upload-attachments.ts';

export async function attachmentRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['attachments'];
  const maxBytes = deps.config.maxAttachmentBytes;

  // Multipart only in this scope: every other route keeps accepting JSON alone.
  await app.register(async (plugin) => {
    const scope = plugin as App;
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: MAX_FILES_PER_UPLOAD, fields: 10, parts: MAX_FILES_PER_UPLOAD + 10 } });
    scope.addHook('onRequest', async (request) => {
      requireActor(request);
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
        throw new AppError('unsupported_media_type', 'Send files as multipart/form-data.');
      }
    });

    scope.post(
      '/tickets/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Upload files to attach to a later message (multipart/form-data)',
          description: `Send one or more files as multipart/form-data parts (any field name), at most ${MAX_FILES_PER_UPLOAD} files and ${maxBytes} bytes each. They stay unattached until a message names them in attachmentIds; unattached uploads are removed after a day.`,
          consumes: ['multipart/form-data'],
          params: ticketParams,
          response: { 201: uploadResultSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const ticket = await loadVisibleTicket(deps.db, actor, request.params.id);
        const files = await receiveFiles(deps.config.dataDir, maxBytes, request.files());
        const items = await saveAttachments(deps.db, deps.config.dataDir, actor, ticket.id, files);
        return reply.status(201).send({ items });
      },
    );
  });

  app.get('/attachments/:id', { schema: { tags, summary: 'Download an attachment', params: attachmentParams } }, async (request, reply) => {
    const actor = requireActor(request);
    const attachment = await loadVisibleAttachment(deps.db, actor, request.params.id);
    const file = storagePath(deps.config.dataDir, attachment.storage_key);
    let stream: fs.ReadStream;
    try {
      stream = await openForReading(file);
    } catch {
      request.log.error({ attachmentId: attachment.id, file }, 'attachment file is missing');
      throw notFound(`The file of attachment ${attachment.id}`);
    }
    // Always a download, never rendered by the browser: HTML or SVG from a ticket must not
    // run as a page of this origin, and the sandbox CSP covers a browser that ignores it.
    return reply
      .header('content-type', attachment.content_type)
      .header('content-length', attachment.size)
      .header('content-disposition', contentDisposition(attachment.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('cache-control', 'private, max-age=0')
      .send(stream);
  });
}
