import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../platform/db/database.ts';
import { runCommand } from '../../test/run-command.ts';
import { runCli } from '../../test/server-process.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { rawMail } from '../../modules/mail/test/intake-harness.ts';
import { handoffSocketPath } from '../../modules/mail/mail-handoff.ts';
import { startHandoffSocket } from '../../modules/mail/mail-handoff-socket.ts';
import { batchedStore } from '../../modules/mail/store-batch.ts';
import pino from 'pino';

describe.each(DIALECTS)('anlauf mail import on %s', (dialect) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
  });
  afterAll(() => db.drop());

  const run = (args: string[], input?: string) =>
    runCommand(['mail', 'import', ...args], { ANLAUF_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' }, input !== undefined ? { stdin: input } : {});

  it('stores a mail from a file or standard input once, and fails in one line on bad input', async () => {
    const file = path.join(db.dataDir, 'one.eml');
    fs.writeFileSync(file, rawMail({ 'Message-ID': '<import-1@kunde.example>' }, 'Per Pipe zugestellt.'));
    const first = await run([file]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^stored as inbound mail \d+/m);
    const again = await run(['-'], fs.readFileSync(file, 'utf8'));
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already received/);
    const missing = await run([]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('queues the intake job for the stored mail', async () => {
    const row = await db.handle.db.selectFrom('inbound_mails').select(['id', 'status', 'source']).where('message_id', '=', '<import-1@kunde.example>').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'received', source: 'api' });
    const jobs = await db.handle.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.intake').execute();
    expect(jobs.map((j) => JSON.parse(j.payload))).toEqual([{ inboundId: row.id }]);
  });

  it('stores a mail an MTA pipes into the real command, a process of its own', async () => {
    const piped = runCli(
      ['mail', 'import', '-'],
      { ANLAUF_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' },
      rawMail({ 'Message-ID': '<import-piped@kunde.example>' }, 'Über die Pipe des MTA.'),
    );
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/^stored as inbound mail \d+/m);
    const row = await db.handle.db.selectFrom('inbound_mails').select(['id', 'raw']).where('message_id', '=', '<import-piped@kunde.example>').executeTakeFirstOrThrow();
    expect(Buffer.from(row.raw).toString('utf8')).toContain('Über die Pipe des MTA.');
    const jobs = await db.handle.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.intake').execute();
    expect(jobs.map((j) => JSON.parse(j.payload))).toContainEqual({ inboundId: row.id });
  }, 120_000);

  it('hands the mail to the running server where one serves the socket, and stores it itself when that server cannot', async () => {
    let handed = 0;
    const store = batchedStore(db.handle.db, dialect);
    let failing = false;
    const server = await startHandoffSocket({
      path: handoffSocketPath(db.dataDir)!,
      store: (raw, envelope) => {
        handed++;
        return failing ? Promise.reject(new Error('database is locked')) : store(raw, envelope);
      },
      maxBytes: 1024 * 1024,
      log: pino({ level: 'silent' }),
    });
    try {
      const viaServer = await run(['-'], rawMail({ 'Message-ID': '<import-handed@kunde.example>' }, 'An den Server übergeben.'));
      expect(viaServer).toMatchObject({ status: 0, stderr: '' });
      expect(viaServer.stdout).toMatch(/^stored as inbound mail \d+/m);
      expect(handed).toBe(1);
      failing = true;
      const itself = await run(['-'], rawMail({ 'Message-ID': '<import-itself@kunde.example>' }, 'Der Server kann gerade nicht.'));
      expect(itself.status).toBe(0);
      expect(itself.stdout).toMatch(/^stored as inbound mail \d+/m);
      expect(itself.stderr).toMatch(/^anlauf: the running server did not take the mail \(the server refused it: could not store it \(database is locked\)\); storing it directly\n$/);
      expect(handed).toBe(2);
    } finally {
      await server?.close();
    }
    const rows = await db.handle.db
      .selectFrom('inbound_mails')
      .select(['message_id', 'status'])
      .where('message_id', 'in', ['<import-handed@kunde.example>', '<import-itself@kunde.example>'])
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['received', 'received']);
  });

  it('refuses a database migrated by a newer version and stores nothing, so the MTA tries again', async () => {
    await db.handle.db
      .insertInto('kysely_migration' as never)
      .values({ name: '2099-01-01T0000-from-a-newer-version', timestamp: new Date().toISOString() } as never)
      .execute();
    try {
      const refused = await run(['-'], rawMail({ 'Message-ID': '<import-newer@kunde.example>' }, 'Zu neu.'));
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/^anlauf: Migration/);
      const stored = await db.handle.db.selectFrom('inbound_mails').select('id').where('message_id', '=', '<import-newer@kunde.example>').execute();
      expect(stored).toEqual([]);
    } finally {
      await db.handle.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', '2099-01-01T0000-from-a-newer-version' as never)
        .execute();
    }
  });
});

describe.each(DIALECTS)('anlauf mail import into a new installation on %s', (dialect) => {
  it('creates the schema first, then stores the mail and its job', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-import-new-'));
    const adminUrl = process.env.ANLAUF_TEST_DATABASE_URL;
    const name = `anlauf_t_import_${crypto.randomBytes(4).toString('hex')}`;
    let databaseUrl = '';
    if (dialect === 'postgres' && adminUrl) {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
    }
    const env = { ANLAUF_DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
    try {
      const first = await runCommand(['mail', 'import', '-'], env, { stdin: rawMail({ 'Message-ID': '<import-new@kunde.example>' }, 'Die erste Mail.') });
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(/^stored as inbound mail \d+/m);
      // The second one finds the schema current and takes the short way.
      const second = await runCommand(['mail', 'import', '-'], env, { stdin: rawMail({ 'Message-ID': '<import-new-2@kunde.example>' }, 'Die zweite Mail.') });
      expect(second.stdout).toMatch(/^stored as inbound mail \d+/m);
      const migrated = await runCommand(['migrate'], env);
      expect(migrated.stdout).toMatch(/up to date/i);
      const handle = openDatabase({ databaseUrl: databaseUrl || undefined, dataDir });
      try {
        const mails = await handle.db.selectFrom('inbound_mails').select(['id', 'status']).orderBy('id').execute();
        expect(mails.map((m) => m.status)).toEqual(['received', 'received']);
        const jobs = await handle.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.intake').orderBy('id').execute();
        expect(jobs.map((j) => JSON.parse(j.payload))).toEqual(mails.map((m) => ({ inboundId: m.id })));
      } finally {
        await handle.destroy();
      }
    } finally {
      if (databaseUrl && adminUrl) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}
