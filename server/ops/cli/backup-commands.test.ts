import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../../modules/attachments/test/upload.ts';
import { runCommand } from '../../test/run-command.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command as `anlauf` would, in-process, against the installation in dataDir / databaseUrl. */
async function anlauf(args: string[], env: { dataDir: string; databaseUrl: string | undefined }): Promise<Run> {
  const run = await runCommand(args, { ANLAUF_DATA_DIR: env.dataDir, DATABASE_URL: env.databaseUrl ?? '' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe.each(DIALECTS)('anlauf backup / restore on %s', (dialect) => {
  let t: TestApp;
  let target: TestDatabase;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-cli-backup-'));
  const file = path.join(workDir, 'sicherung.tar.gz');
  const content = crypto.randomBytes(4096);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const customer = await t.user({ role: 'customer', password: 'kunde-passwort-1' });
    const ticket = await customer.client.post('/api/v1/tickets', { subject: 'Monitor flackert', body: 'Seit dem Update.' });
    const file = await upload(customer.client, ticket.body.id, [{ filename: 'foto.jpg', content, type: 'image/jpeg' }]);
    await customer.client.post(`/api/v1/tickets/${ticket.body.id}/messages`, { body: 'Foto anbei', attachmentIds: [file.body.items[0].id] });
    target = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await t.close();
    await target.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('backs up the serving installation and restores it into an empty one, with one-line summaries', async () => {
    const backup = await anlauf(['backup', file], t.db);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(lines(backup.stdout)).toHaveLength(1);
    expect(backup.stdout).toMatch(/^Backup written to .*sicherung\.tar\.gz: 1 tickets, \d+ rows in \d+ tables, 1 attachment files/);

    const restore = await anlauf(['restore', file], target);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(lines(restore.stdout)).toHaveLength(1);
    expect(restore.stdout).toMatch(/^Restored .*: 1 tickets, \d+ rows, 1 attachment files; search index rebuilt\.$/m);
    const rows = await target.handle.db.selectFrom('attachments').select('storage_key').execute();
    expect(rows).toHaveLength(1);
    expect(fs.readFileSync(path.join(target.dataDir, 'attachments', rows[0]!.storage_key)).equals(content)).toBe(true);
  });

  it('fails with exit code and one line on stderr', async () => {
    const again = await anlauf(['restore', file], target);
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([expect.stringMatching(/^anlauf: The target installation is not empty \(1 tickets, \d+ users\)/)]);

    const missing = await anlauf(['restore', path.join(workDir, 'fehlt.tar.gz')], target);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toEqual([`anlauf: There is no backup file ${path.join(workDir, 'fehlt.tar.gz')}.`]);

    const corrupt = path.join(workDir, 'kaputt.tar.gz');
    fs.writeFileSync(corrupt, fs.readFileSync(file).subarray(0, 200));
    const fresh = await createTestDatabase(dialect);
    try {
      const broken = await anlauf(['restore', corrupt], fresh);
      expect(broken.code).toBe(1);
      expect(lines(broken.stderr)).toEqual([expect.stringMatching(/^anlauf: .*kaputt\.tar\.gz is not a readable Anlauf backup/)]);
      expect(
        Number(
          (
            await fresh.handle.db
              .selectFrom('users')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(0);
    } finally {
      await fresh.drop();
    }

    const usage = await anlauf(['backup'], t.db);
    expect(usage.code).toBe(2);
    expect(lines(usage.stderr)).toEqual(['anlauf: usage: anlauf backup FILE']);
  });
});
