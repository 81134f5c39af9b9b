import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './sqlite-checkpointer.ts';

describe('SQLite checkpoints in a thread of their own', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-ckpt-'));
    dirs.push(dir);
    const file = path.join(dir, 'anlauf.sqlite');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
    return { sqlite, file };
  };
  const writePages = (sqlite: SQLite.Database, n: number) => {
    const insert = sqlite.prepare('INSERT INTO blobs (data) VALUES (?)');
    for (let i = 0; i < n; i++) insert.run(Buffer.alloc(4000, i % 256));
  };
  const walFrames = (file: string) => Math.max(0, (fs.statSync(`${file}-wal`).size - 32) / (4096 + 24));

  it('copies committed pages into the database file while the serving connection only commits', async () => {
    const { sqlite, file } = open();
    const checkpointer = startCheckpointer(sqlite, file);
    try {
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
      // Each write is its own commit, as requests are: without the thread the log would only grow.
      for (let round = 0; round < 5; round++) {
        writePages(sqlite, 600);
        await new Promise((r) => setTimeout(r, 150));
      }
      let copied = 0;
      for (let i = 0; i < 50 && copied === 0; i++) {
        copied = await checkpointer.checkpoints();
        if (copied === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(copied).toBeGreaterThan(0);
      // Once the thread has caught up, the next commit starts the log over (its frames are
      // reused): the log does not grow with everything written, 3,000 pages here. (A log that
      // starts over keeps its file size unless journal_size_limit truncates it: set for this.)
      sqlite.pragma('journal_size_limit = 65536');
      let frames = walFrames(file);
      for (let i = 0; i < 50 && frames >= 100; i++) {
        await new Promise((r) => setTimeout(r, 100));
        writePages(sqlite, 1);
        frames = walFrames(file);
      }
      expect(frames).toBeLessThan(100);
      // Everything committed is in the database file: a new connection reads it without the log.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const written = sqlite.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number };
      expect(written.n).toBeGreaterThan(3000);
      const reader = new SQLite(file, { readonly: true });
      expect(reader.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual(written);
      reader.close();
    } finally {
      await checkpointer.stop();
    }
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    sqlite.close();
  });

  it('leaves checkpoints to the serving connection again when the thread fails, and still stops', async () => {
    const { sqlite } = open();
    // The thread cannot open a database in a folder that does not exist: it fails at once.
    const checkpointer = startCheckpointer(sqlite, path.join(os.tmpdir(), 'anlauf-no-such-folder', 'x.sqlite'));
    let autocheckpoint = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
    for (let i = 0; i < 100 && autocheckpoint !== 1000; i++) {
      await new Promise((r) => setTimeout(r, 50));
      autocheckpoint = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
    }
    expect(autocheckpoint).toBe(1000);
    // A gone thread answers nothing: neither the count nor stopping waits for it.
    expect(await checkpointer.checkpoints()).toBe(0);
    await checkpointer.stop();
    sqlite.close();
  });

  it('stops cleanly in a process that has nothing else left to do', () => {
    const { sqlite, file } = open();
    sqlite.close();
    // The thread is unreferenced while it runs; stopping must keep the process alive until the
    // thread has closed its database (it once ended with exit code 13, an unsettled await).
    const script = [
      "import SQLite from 'better-sqlite3';",
      `import { startCheckpointer } from ${JSON.stringify(path.join(import.meta.dirname, 'sqlite-checkpointer.ts'))};`,
      `const sqlite = new SQLite(${JSON.stringify(file)});`,
      'const checkpointer = startCheckpointer(sqlite, sqlite.name);',
      "sqlite.exec('INSERT INTO blobs (data) VALUES (1)');",
      'await checkpointer.stop();',
      'sqlite.close();',
      "console.log('stopped');",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: import.meta.dirname, encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('stopped');
    // The thread really ran (a thread that failed at once would leave nothing to wait for).
    expect(run.stderr).not.toContain('checkpoint thread failed');
    expect(run.status).toBe(0);
  });
});
