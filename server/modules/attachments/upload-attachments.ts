import type { Readable } from 'node:stream';
import type { Actor } from '../auth/auth.queries.ts';
import { type Db, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { safeContentType, sanitiseFilename } from './attachment-names.ts';
import { commitStaged, discardStaged, type StagedFile, stageUpload } from './attachment-store.ts';
import type { AttachmentDto } from '../../../shared/contracts/attachments.ts';

/** At most this many files in one upload request. */
export const MAX_FILES_PER_UPLOAD = 20;

export interface IncomingFile {
  filename: string;
  mimetype: string;
  file: Readable & { truncated?: boolean };
}

export interface ReceivedFile extends StagedFile {
  filename: string;
  contentType: string;
}

/**
 * Stages every file of an upload. Over the size limit, all staged files are removed and the
 * request fails with 413: nothing of a failed upload is kept.
 */
export async function receiveFiles(dataDir: string, maxBytes: number, files: AsyncIterable<IncomingFile>): Promise<ReceivedFile[]> {
  const received: ReceivedFile[] = [];
  try {
    for await (const part of files) {
      const staged = await stageUpload(dataDir, part.file);
      received.push({ ...staged, filename: sanitiseFilename(part.filename), contentType: safeContentType(part.mimetype) });
      if (staged.truncated || staged.size > maxBytes) {
        throw new AppError('too_large', `"${sanitiseFilename(part.filename)}" is too large: at most ${formatBytes(maxBytes)} per file.`);
      }
    }
  } catch (error) {
    discardStaged(received);
    throw asUploadError(error);
  }
  if (received.length === 0) throw new AppError('invalid_input', 'Attach at least one file (multipart/form-data).', { fields: { file: 'Required.' } });
  return received;
}

/**
 * A body that is not valid multipart (no boundary, cut off, broken headers) is the client's
 * mistake: 400, not 500. Limit errors (FST_*) keep their 413 mapping, file-system errors stay
 * server errors.
 */
function asUploadError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error)) return error;
  const { code, syscall } = error as Error & { code?: unknown; syscall?: unknown };
  if ((typeof code === 'string' && code.startsWith('FST_')) || syscall !== undefined) return error;
  return new AppError('invalid_input', `The upload could not be read as multipart/form-data (${error.message}).`);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/**
 * Stores received files under their content address and records them on the ticket, not yet
 * linked to a message (addMessage links them through attachmentIds).
 */
export async function saveAttachments(db: Db, dataDir: string, actor: Actor, ticketId: number, files: ReceivedFile[]): Promise<AttachmentDto[]> {
  try {
    const now = nowIso();
    const rows = files.map((file) => ({
      ticket_id: ticketId,
      message_id: null,
      filename: file.filename,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      storage_key: commitStaged(dataDir, file),
      uploaded_by: actor.id,
      created_at: now,
    }));
    const inserted = await db.insertInto('attachments').values(rows).returning(['id', 'filename', 'content_type', 'size']).execute();
    return inserted.map((row) => ({ id: row.id, filename: row.filename, contentType: row.content_type, size: row.size }));
  } finally {
    discardStaged(files);
  }
}
