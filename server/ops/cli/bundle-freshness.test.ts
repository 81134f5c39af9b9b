/**
 * `bin/anlauf.mjs` runs the bundle only while it is newer than the sources it was built from
 * (bin/server-bundle.mjs). The check runs at every start, so `anlauf mail import` (pipe delivery,
 * once per mail) looks only at the files that command runs. A copy of the module in a folder of
 * its own, with its own dist/server/sources.json and real file times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

type Freshness = (command?: string) => boolean;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of bin/server-bundle.mjs whose ROOT is a new folder, with a bundle built "now". */
async function installation(files: string[], commands: Record<string, string[]> | undefined): Promise<{ root: string; fresh: Freshness; touch: (file: string) => void }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-bundle-'));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(import.meta.dirname, '../../../bin/server-bundle.mjs'), path.join(root, 'bin/server-bundle.mjs'));
  fs.mkdirSync(path.join(root, 'dist/server'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/server/anlauf.js'), '');
  const longAgo = new Date(Date.now() - 60_000);
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '// source');
    fs.utimesSync(path.join(root, file), longAgo, longAgo);
  }
  fs.writeFileSync(path.join(root, 'dist/server/sources.json'), JSON.stringify({ startedMs: Date.now(), files, ...(commands ? { commands } : {}) }));
  const { bundleIsFresh } = (await import(pathToFileURL(path.join(root, 'bin/server-bundle.mjs')).href)) as { bundleIsFresh: Freshness };
  return {
    root,
    fresh: bundleIsFresh,
    touch: (file) => {
      const later = new Date(Date.now() + 5_000);
      fs.utimesSync(path.join(root, file), later, later);
    },
  };
}

const FILES = ['server/ops/cli/main.ts', 'server/modules/tickets/create-ticket.ts', 'server/ops/cli/import-mail-command.ts', 'server/modules/mail/store-raw-mail.ts', 'package-lock.json'];
const MAIL_IMPORT = ['server/ops/cli/import-mail-command.ts', 'server/modules/mail/store-raw-mail.ts', 'package-lock.json'];

describe('whether the bundle is newer than its sources', () => {
  it('for pipe delivery looks only at the files that command runs, for the rest at every file', async () => {
    const { fresh, touch } = await installation(FILES, { 'mail import': MAIL_IMPORT });
    expect(fresh()).toBe(true);
    expect(fresh('mail import')).toBe(true);
    // A change the mail import never runs: the server must rebuild, pipe delivery need not.
    touch('server/modules/tickets/create-ticket.ts');
    expect(fresh()).toBe(false);
    expect(fresh('mail import')).toBe(true);
    // A change to what it runs (or a new lock file): both run the sources.
    touch('server/modules/mail/store-raw-mail.ts');
    expect(fresh('mail import')).toBe(false);
  });

  it('counts a vanished source, a missing bundle or list, and an unknown command as stale or whole', async () => {
    const gone = await installation(FILES, { 'mail import': MAIL_IMPORT });
    fs.rmSync(path.join(gone.root, 'server/ops/cli/import-mail-command.ts'));
    expect(gone.fresh('mail import')).toBe(false);
    expect(gone.fresh()).toBe(false);

    // A list from before the per-command lists: every file counts for every command.
    const old = await installation(FILES, undefined);
    expect(old.fresh('mail import')).toBe(true);
    old.touch('server/modules/tickets/create-ticket.ts');
    expect(old.fresh('mail import')).toBe(false);

    // A command without a list of its own is checked against every file.
    const other = await installation(FILES, { 'mail import': MAIL_IMPORT });
    other.touch('server/modules/tickets/create-ticket.ts');
    expect(other.fresh('migrate')).toBe(false);

    const noBundle = await installation(FILES, { 'mail import': MAIL_IMPORT });
    fs.rmSync(path.join(noBundle.root, 'dist/server/anlauf.js'));
    expect(noBundle.fresh('mail import')).toBe(false);

    const noList = await installation(FILES, { 'mail import': MAIL_IMPORT });
    fs.rmSync(path.join(noList.root, 'dist/server/sources.json'));
    expect(noList.fresh()).toBe(false);
  });
});
