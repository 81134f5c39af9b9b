import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/run-command.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { rawMail } from '../../modules/mail/test/intake-harness.ts';

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
});
