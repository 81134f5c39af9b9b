import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';
import { DIALECTS } from '../../test/test-database.ts';
import { createBackup } from './create-backup.ts';

const require = createRequire(import.meta.url);

/**
 * `anlauf backup` runs next to a serving installation: on SQLite it is a second connection to
 * the same file. Writes that go through the app meanwhile must all succeed ("database is
 * locked" was the finding), and the backup must still be one consistent snapshot.
 */
describe.each(DIALECTS)('backup while the app writes (%s)', (dialect) => {
  let t: TestApp;
  let cast: Cast;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-backup-busy-'));

  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
    // Enough rows that a backup takes a while.
    for (let i = 0; i < 40; i++) expect((await cast.customer.client.post('/api/v1/tickets', { subject: `Vorab ${i}`, body: 'x'.repeat(2000) })).status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('lets every concurrent request through while backups run', async () => {
    const statuses: number[] = [];
    let writing = true;
    const writer = async (who: Cast['customer']) => {
      for (let i = 0; writing && i < 400; i++) {
        const created = await who.client.post('/api/v1/tickets', { subject: `Während der Sicherung ${i}`, body: 'Text' });
        statuses.push(created.status);
        if (created.status !== 201) continue;
        const reply = await cast.agent.client.post(`/api/v1/tickets/${created.body.id}/messages`, { body: 'Antwort' });
        statuses.push(reply.status);
        const changed = await cast.agent.client.patch(`/api/v1/tickets/${created.body.id}`, { version: reply.body.ticket?.version ?? created.body.version + 1, priority: 'high' });
        statuses.push(changed.status);
      }
    };
    const writers = Promise.all([writer(cast.customer), writer(cast.other)]);
    const backups = [];
    for (let i = 0; i < 2; i++) {
      const summary = await createBackup(t.config, path.join(workDir, `backup-${i}.tar.gz`));
      backups.push(summary);
    }
    writing = false;
    await writers;

    const failed = statuses.filter((s) => s >= 300);
    expect(failed, `failed requests: ${failed.join(', ')}`).toEqual([]);
    expect(statuses.length).toBeGreaterThan(20);
    expect(backups.every((b) => b.tickets >= 40)).toBe(true);
    // A stress test: on a busy machine two backups beside two writers can take a while.
  }, 120_000);

  /**
   * What made requests fail: a second connection writing (the backup's statistics refresh at
   * open, a worker process, a CLI command) while a request's transaction had read and then
   * wanted to write. SQLite answers such an upgrade with "database is locked" at once, without
   * waiting for the busy timeout. Here another thread writes to the same file all the time.
   */
  // SQLite only: PostgreSQL has no shared file to lock.
  if (dialect === 'sqlite')
    it('lets every request through while another connection writes to the same file', async () => {
      const file = t.db.handle.sqlitePath!;
      const other = new Worker(
        `const { workerData, parentPort } = require('node:worker_threads');
       const SQLite = require(workerData.module);
       const db = new SQLite(workerData.file, { timeout: 5000 });
       db.exec('CREATE TABLE IF NOT EXISTS busy_probe (n integer)');
       const sleep = new Int32Array(new SharedArrayBuffer(4));
       const until = Date.now() + workerData.ms;
       let writes = 0;
       while (Date.now() < until) {
         db.exec('BEGIN IMMEDIATE; INSERT INTO busy_probe VALUES (1); COMMIT');
         writes++;
         Atomics.wait(sleep, 0, 0, 1);
       }
       db.close();
       parentPort.postMessage(writes);`,
        { eval: true, workerData: { file, ms: 3000, module: require.resolve('better-sqlite3') } },
      );
      const done = new Promise<number>((resolve, reject) => {
        other.once('message', resolve);
        other.once('error', reject);
      });
      let finished = false;
      void done.finally(() => (finished = true));
      const statuses: number[] = [];
      while (!finished) {
        const created = await cast.customer.client.post('/api/v1/tickets', { subject: 'Neben einem anderen Schreiber', body: 'Text' });
        statuses.push(created.status);
        if (created.status === 201) statuses.push((await cast.agent.client.post(`/api/v1/tickets/${created.body.id}/messages`, { body: 'Antwort' })).status);
        await new Promise((r) => setImmediate(r));
      }
      expect(await done).toBeGreaterThan(10);
      expect(
        statuses.filter((s) => s >= 300),
        'failed requests',
      ).toEqual([]);
      expect(statuses.length).toBeGreaterThan(10);
    });
});
