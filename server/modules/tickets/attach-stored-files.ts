import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';

/** A file already written to the content-addressed store (see attachment-store.ts), not yet in the database. */
export interface StoredFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

/** Records stored files as attachments of a message, inside the caller's transaction. */
export async function attachStoredFiles(db: Executor, ticketId: number, messageId: number, uploadedBy: number, files: StoredFile[]): Promise<void> {
  if (files.length === 0) return;
  const now = nowIso();
  await db
    .insertInto('attachments')
    .values(
      files.map((f) => ({
        ticket_id: ticketId,
        message_id: messageId,
        filename: f.filename,
        content_type: f.contentType,
        size: f.size,
        sha256: f.sha256,
        storage_key: f.storageKey,
        uploaded_by: uploadedBy,
        created_at: now,
      })),
    )
    .execute();
}
