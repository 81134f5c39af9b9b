/**
 * Pipe delivery as an MTA does it, with `anlauf serve` running beside it: the real command in a
 * process of its own per mail, the real server, killed and started again in between.
 */
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, runCli, startServer } from '../../test/server-process.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { handoffSocketPath } from './mail-handoff.ts';
import { rawMail } from './test/intake-harness.ts';

describe.each(DIALECTS)('pipe delivery beside a running server on %s', (dialect) => {
  let t: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    env = { ANLAUF_DATA_DIR: t.dataDir, ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}) };
  });
  afterAll(() => t.drop());

  const pipe = (messageId: string, subject: string, extra: Record<string, string> = {}) =>
    runCli(['mail', 'import', '-'], { ...env, ...extra }, rawMail({ 'Message-ID': messageId, Subject: subject }, `${subject}: bitte um Hilfe.`));

  /** The ticket the worker made of a piped mail, waiting for it. */
  async function ticketOf(messageId: string): Promise<number> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const row = await t.handle.db.selectFrom('inbound_mails').select('ticket_id').where('message_id', '=', messageId).executeTakeFirst();
      if (row?.ticket_id) return row.ticket_id;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no ticket for ${messageId}`);
  }

  it('turns every piped mail into one ticket, whether the server takes it or was killed and left its socket', { timeout: 240_000 }, async () => {
    const socketPath = handoffSocketPath(t.dataDir)!;
    let server = await startServer(env);
    try {
      // The web role answers before the mail role has opened the socket.
      await socketOpened(socketPath);
      // A database the command cannot reach: only the server can have stored this one.
      const handed = pipe('<pipe-served@kunde.example>', 'Drucker im 2. OG', { DATABASE_URL: 'postgres://anlauf@127.0.0.1:1/unreachable' });
      expect(handed.status, handed.stderr).toBe(0);
      expect(handed.stderr).toBe('');
      expect(handed.stdout).toMatch(/^stored as inbound mail \d+/m);
      await ticketOf('<pipe-served@kunde.example>');

      await killHard(server.child);
      // The killed process's socket file is still there; the command stores the mail itself.
      expect(fs.statSync(socketPath).isSocket()).toBe(true);
      const itself = pipe('<pipe-alone@kunde.example>', 'VPN trennt ständig');
      expect(itself.status, itself.stderr).toBe(0);
      expect(itself.stderr).toBe('');
      expect(itself.stdout).toMatch(/^stored as inbound mail \d+/m);

      server = await startServer(env);
      await ticketOf('<pipe-alone@kunde.example>');
      await socketOpened(socketPath);
      const again = pipe('<pipe-served@kunde.example>', 'Drucker im 2. OG');
      expect(again.stdout).toMatch(/^already received as inbound mail \d+/m);
    } finally {
      await killHard(server.child);
    }
    const tickets = await t.handle.db.selectFrom('tickets').select('subject').where('subject', 'in', ['Drucker im 2. OG', 'VPN trennt ständig']).execute();
    expect(tickets.map((ticket) => ticket.subject).sort()).toEqual(['Drucker im 2. OG', 'VPN trennt ständig']);
  });
});

/** Waits until a process serves the socket (a socket file left by a killed one does not count). */
async function socketOpened(socketPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const answered = await new Promise<boolean>((resolve) => {
      const probe = net.createConnection(socketPath, () => {
        probe.destroy();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing serves ${socketPath}`);
}
