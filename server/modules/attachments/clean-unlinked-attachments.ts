import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../platform/db/database.ts';
import { storagePath, tempDir } from './attachment-store.ts';

const DAY_MS = 86_400_000;
/** A stored file touched this recently may belong to an upload that is being committed now. */
const FILE_GRACE_MS = 3_600_000;

/**
 * Removes uploads that no message took within a day (the worker calls this periodically, at
 * most 1000 per call), their files when no other attachment shares the content, and temporary
 * files older than a day. Returns how many rows went.
 */
export async function cleanUnlinkedAttachments(db: Db, dataDir: string, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DAY_MS).toISOString();
  const stale = await db.selectFrom('attachments').select(['id', 'storage_key']).where('message_id', 'is', null).where('created_at', '<', cutoff).orderBy('id').limit(1000).execute();
  removeStaleTempFiles(dataDir, now.getTime() - DAY_MS);
  if (stale.length === 0) return 0;
  await db
    .deleteFrom('attachments')
    .where(
      'id',
      'in',
      stale.map((r) => r.id),
    )
    .where('message_id', 'is', null)
    .execute();
  const keys = [...new Set(stale.map((r) => r.storage_key))];
  // Knowledge-base images share the content-addressed storage: a file one of them names stays.
  const stillUsed = new Set(
    [
      ...(await db.selectFrom('attachments').select('storage_key').distinct().where('storage_key', 'in', keys).execute()),
      ...(await db.selectFrom('kb_images').select('storage_key').distinct().where('storage_key', 'in', keys).execute()),
    ].map((r) => r.storage_key),
  );
  for (const key of keys) {
    if (stillUsed.has(key)) continue;
    const file = storagePath(dataDir, key);
    try {
      if (now.getTime() - fs.statSync(file).mtimeMs > FILE_GRACE_MS) fs.rmSync(file, { force: true });
    } catch {
      // Already gone: nothing to clean.
    }
  }
  return stale.length;
}

/** Leftovers of uploads, backups or restores that a crash interrupted, older than the cutoff. */
function removeStaleTempFiles(dataDir: string, cutoffMs: number): void {
  const dir = tempDir(dataDir);
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    try {
      if (fs.statSync(entry).mtimeMs < cutoffMs) fs.rmSync(entry, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by its owner.
    }
  }
}
