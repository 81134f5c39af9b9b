import { z } from 'zod';
import type { Dialect } from '../../platform/db/database.ts';

/**
 * A backup is one .tar.gz file:
 *   manifest.json              what is inside (this schema)
 *   tables/<name>.ndjson       one JSON object per row, tables in dependency order
 *   attachments/<aa>/<bb>/<sha256>   the files the attachment and kb_images rows name
 *   keys/<name>                the installation's key files (e.g. for stored mailbox passwords)
 * It holds secrets (password hashes, keys): it is written readable by its owner only.
 */
export const BACKUP_FORMAT = 'anlauf-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const TABLES_DIR = 'tables';
export const ATTACHMENTS_DIR = 'attachments';
export const KEYS_DIR = 'keys';
export const KEY_NAME = /^[\w.-]{1,100}$/;

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  anlaufVersion: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), columns: z.array(z.string()), rows: z.number().int().nonnegative() })),
  attachments: z.object({ files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), missing: z.array(z.string()) }),
  keys: z.array(z.string().regex(KEY_NAME)).default([]),
});
export type Manifest = z.output<typeof manifestSchema>;

export const tableFile = (name: string) => `${TABLES_DIR}/${name}.ndjson`;

export interface BackupSummary {
  file: string;
  dialect: Dialect;
  tables: number;
  rows: number;
  tickets: number;
  attachments: number;
  missingAttachments: number;
}

/** Row values as JSON: bytes become {"$base64": …}, dates ISO strings, objects JSON text. */
export function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

export function decodeValue(value: unknown, dialect: Dialect): unknown {
  if (value !== null && typeof value === 'object' && '$base64' in value && typeof value.$base64 === 'string') return Buffer.from(value.$base64, 'base64');
  // SQLite has no boolean; our schema stores 0/1 anyway, so only foreign booleans land here.
  if (typeof value === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
  return value;
}
