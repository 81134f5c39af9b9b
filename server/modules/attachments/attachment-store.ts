import { once } from 'node:events';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Attachment files live content-addressed under <dataDir>/attachments/<aa>/<bb>/<sha256>:
 * identical uploads are stored once, and a stored file never changes (backups rely on that).
 * Uploads are first written to <dataDir>/tmp (same file system, so the final move is an
 * atomic rename) while they are hashed and counted.
 */

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

export const attachmentsDir = (dataDir: string) => path.join(dataDir, 'attachments');
export const tempDir = (dataDir: string) => path.join(dataDir, 'tmp');

export function storageKeyOf(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The file of a storage key; refuses anything that is not one of our keys. */
export function storagePath(dataDir: string, storageKey: string): string {
  if (!KEY.test(storageKey)) throw new Error(`Not an attachment storage key: ${storageKey}`);
  return path.join(attachmentsDir(dataDir), ...storageKey.split('/'));
}

export interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
  /** The stream stopped early because the file was over the size limit. */
  truncated: boolean;
}

/** A unique temporary file name under the data directory. */
export function newTempPath(dataDir: string, prefix: string): string {
  fs.mkdirSync(tempDir(dataDir), { recursive: true });
  return path.join(tempDir(dataDir), `${prefix}-${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
}

/** Writes a stream to a temporary file, hashing and counting it on the way. */
export async function stageUpload(dataDir: string, source: Readable & { truncated?: boolean }): Promise<StagedFile> {
  const tempPath = newTempPath(dataDir, 'upload');
  const hash = crypto.createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const out = fs.createWriteStream(tempPath, { flags: 'wx' });
  try {
    await pipeline(source, counter, out);
  } catch (error) {
    // A broken upload can fail before the file is even opened; the stream then still creates it
    // while closing. Wait for that, so that no empty temporary file is left behind.
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    fs.rmSync(tempPath, { force: true });
    throw error;
  }
  return { tempPath, sha256: hash.digest('hex'), size, truncated: source.truncated === true };
}

export function discardStaged(staged: StagedFile[]): void {
  for (const file of staged) fs.rmSync(file.tempPath, { force: true });
}

/**
 * Moves a staged file to its content address and returns the storage key. When the same
 * content is already stored, the copy is dropped and the stored file's time refreshed (the
 * clean-up of unlinked uploads leaves recently touched files alone).
 */
export function commitStaged(dataDir: string, staged: { tempPath: string; sha256: string }): string {
  const key = storageKeyOf(staged.sha256);
  const target = storagePath(dataDir, key);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) {
    fs.rmSync(staged.tempPath, { force: true });
    const now = new Date();
    fs.utimesSync(target, now, now);
  } else {
    fs.renameSync(staged.tempPath, target);
  }
  return key;
}

/** sha256 of a stored file, to check a copy (restore verifies every file it brings back). */
export async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Opens a stored file for streaming; rejects (rather than failing mid-response) when it is missing. */
export function openForReading(file: string): Promise<fs.ReadStream> {
  return new Promise((resolve, reject) => {
    const stream = fs.createReadStream(file);
    stream.once('open', () => resolve(stream));
    stream.once('error', reject);
  });
}
