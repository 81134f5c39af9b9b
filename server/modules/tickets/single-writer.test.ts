import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = path.resolve(import.meta.dirname, '../..');
/** Bulk loading for the benchmark and restoring a backup write whole tables by design. */
const ALLOWED_OUTSIDE = ['ops/demo/', 'ops/backup/'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the one write path', () => {
  it('leaves every write to the tickets table to the ticket commands', () => {
    const writers = sourceFiles(SERVER)
      .map((file) => path.relative(SERVER, file).split(path.sep).join('/'))
      .filter((file) => !file.startsWith('modules/tickets/') && !ALLOWED_OUTSIDE.some((prefix) => file.startsWith(prefix)))
      .filter((file) => /(insertInto|updateTable|deleteFrom)\(\s*'tickets'\s*\)|(INSERT INTO|UPDATE|DELETE FROM)\s+tickets\b/i.test(fs.readFileSync(path.join(SERVER, file), 'utf8')));
    expect(writers).toEqual([]);
  });
});
