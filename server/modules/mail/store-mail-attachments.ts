import crypto from 'node:crypto';
import fs from 'node:fs';
import { commitStaged, newTempPath } from '../attachments/attachment-store.ts';
import { safeContentType, sanitiseFilename } from '../attachments/attachment-names.ts';
import type { MailAttachment } from './parse-mail.ts';
import type { StoredFile } from '../tickets/attach-stored-files.ts';

export interface AttachmentLimits {
  perFileBytes: number;
  perMailBytes: number;
  perMailCount: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Writes a mail's attachments content-addressed under <dataDir>/attachments (the same store as
 * uploads), before the database transaction: a crash leaves at most an unreferenced file, never
 * a row without its file. Files over a limit are skipped with a note for the message text.
 */
export function storeMailAttachments(dataDir: string, attachments: MailAttachment[], limits: AttachmentLimits): { files: StoredFile[]; notes: string[] } {
  const files: StoredFile[] = [];
  const notes: string[] = [];
  let total = 0;
  for (const attachment of attachments) {
    const filename = sanitiseFilename(attachment.filename);
    const size = attachment.content.length;
    if (size > limits.perFileBytes) {
      notes.push(`Attachment "${filename}" (${mb(size)}) was not stored: it is larger than ${mb(limits.perFileBytes)}.`);
      continue;
    }
    if (total + size > limits.perMailBytes || files.length >= limits.perMailCount) {
      notes.push(`Attachment "${filename}" (${mb(size)}) was not stored: the mail's attachments exceed ${mb(limits.perMailBytes)} or ${limits.perMailCount} files.`);
      continue;
    }
    total += size;
    const sha256 = crypto.createHash('sha256').update(attachment.content).digest('hex');
    const tempPath = newTempPath(dataDir, 'mail');
    fs.writeFileSync(tempPath, attachment.content, { flag: 'wx' });
    const storageKey = commitStaged(dataDir, { tempPath, sha256 });
    files.push({ filename, contentType: safeContentType(attachment.contentType), size, sha256, storageKey });
  }
  return { files, notes };
}
