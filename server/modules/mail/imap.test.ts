import { spawnSync } from 'node:child_process';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { ImapPoller } from './imap-poller.ts';
import { decryptSecret, secretKey } from './secret-box.ts';
import { type Intake, rawMail, startIntake } from './test/intake-harness.ts';

/** Dovecot on loopback from .ci/setup-dovecot.sh, or undefined (with one line) when it cannot run here. */
function dovecot(): { host: string; port: number; user: string; pass: string } | undefined {
  const run = spawnSync('bash', ['.ci/setup-dovecot.sh'], { encoding: 'utf8', timeout: 180_000 });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  const [host, port, user, pass] = last.split(' ');
  if (run.status !== 0 || !host || !port || !user || !pass) {
    console.log(`IMAP tests skipped: Dovecot could not be started (${(run.stderr || run.stdout).trim().split('\n').pop()})`);
    return undefined;
  }
  return { host, port: Number(port), user, pass };
}

const server = dovecot();

/** Polls `probe` every 50 ms for up to `ms` (a mail arriving during IDLE can take a while on a loaded machine). */
async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  for (let i = 0; i < ms / 50; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(!server).each(DIALECTS)('IMAP polling on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let customer: TestUser;
  let imap: ImapFlow;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    customer = await t.user({ role: 'customer' });
    intake = await startIntake(t);
    imap = new ImapFlow({ host: server!.host, port: server!.port, secure: false, doSTARTTLS: false, auth: { user: server!.user, pass: server!.pass }, logger: false });
    await imap.connect();
    // A clean mailbox for this run.
    await imap.mailboxOpen('INBOX');
    if ((imap.mailbox as { exists: number }).exists > 0) await imap.messageDelete('1:*');
  });
  afterAll(async () => {
    await imap.logout();
    await intake.close();
    await t.close();
  });

  it('lets admins configure mailboxes with the password stored encrypted', async () => {
    const body = { name: 'Support', host: server!.host, port: server!.port, secure: false, username: server!.user, password: server!.pass };
    expect((await customer.client.post('/api/v1/admin/mailboxes', body)).status).toBe(403);
    const invalid = await t.admin.client.post('/api/v1/admin/mailboxes', { ...body, port: 70000, host: 'bad host;' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['host', 'port']);
    const created = await t.admin.client.post('/api/v1/admin/mailboxes', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Support', username: server!.user, folder: 'INBOX', active: true });
    expect(JSON.stringify(created.body)).not.toContain(server!.pass);
    const row = await t.db.handle.db.selectFrom('mailboxes').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.password_encrypted).not.toContain(server!.pass);
    expect(decryptSecret(secretKey(t.config.dataDir), row.password_encrypted)).toBe(server!.pass);
    expect((await t.admin.client.get('/api/v1/admin/mailboxes')).body.items).toHaveLength(1);
    expect((await customer.client.request('DELETE', '/api/v1/admin/mailboxes/' + created.body.id)).status).toBe(403);
    expect((await t.admin.client.request('DELETE', '/api/v1/admin/mailboxes/999999')).status).toBe(404);
  });

  it('picks up mail delivered into the mailbox, makes the ticket and marks the message seen', async () => {
    const poller = new ImapPoller({ db: t.db.handle.db, dialect, key: secretKey(t.config.dataDir), intervalMs: 60_000, retryMs: 200 });
    await poller.start();
    try {
      const messageId = `<imap-${dialect}-${Date.now()}@kunde.example>`;
      // Delivered while the poller IDLEs: the EXISTS notification wakes it.
      await imap.append('INBOX', rawMail({ 'Message-ID': messageId, From: 'ina.imap@kunde.example', Subject: 'Per IMAP gekommen' }, 'Hallo aus dem Postfach.'), []);
      await waitFor(() => intake.inbound(messageId), 'the poller to store the mail');
      await intake.drain();
      const inbound = (await intake.inbound(messageId))!;
      expect(inbound).toMatchObject({ source: 'imap', outcome: 'new_ticket' });
      const ticket = await t.db.handle.db.selectFrom('tickets').selectAll().where('id', '=', inbound.ticket_id!).executeTakeFirstOrThrow();
      expect(ticket).toMatchObject({ subject: 'Per IMAP gekommen', channel: 'email' });
      const seen = await waitFor(async () => {
        const unseen = await imap.search({ seen: false });
        return unseen && unseen.length === 0 ? true : undefined;
      }, 'the message to be flagged seen');
      expect(seen).toBe(true);
    } finally {
      await poller.stop();
    }
    const box = await t.db.handle.db.selectFrom('mailboxes').select(['last_error', 'last_polled_at']).executeTakeFirstOrThrow();
    expect(box.last_error).toBeNull();
    expect(box.last_polled_at).not.toBeNull();
  });

  it('lets one of two mail processes poll the mailbox, and the other take over when it stops', { timeout: 150_000 }, async () => {
    const db = t.db.handle.db;
    const box = await db.selectFrom('mailboxes').select('id').executeTakeFirstOrThrow();
    const options = { db, dialect, key: secretKey(t.config.dataDir), intervalMs: 60_000, retryMs: 200 };
    const first = new ImapPoller({ ...options, owner: 'mail-1' });
    const second = new ImapPoller({ ...options, owner: 'mail-2' });
    await first.start();
    await waitFor(
      async () => ((await db.selectFrom('mailboxes').select('poll_owner').where('id', '=', box.id).executeTakeFirst())?.poll_owner === 'mail-1' ? true : undefined),
      'mail-1 to take the lease',
    );
    await second.start();
    try {
      const before = `<lease-a-${dialect}-${Date.now()}@kunde.example>`;
      await imap.append('INBOX', rawMail({ 'Message-ID': before, From: 'lea.lease@kunde.example', Subject: 'Erste Mail' }, 'Eins.'), []);
      await waitFor(() => intake.inbound(before), 'the first poller to store the mail', 60_000);
      // mail-2 waits: it never took the lease while mail-1 held it.
      await new Promise((r) => setTimeout(r, 600));
      expect((await db.selectFrom('mailboxes').select('poll_owner').where('id', '=', box.id).executeTakeFirstOrThrow()).poll_owner).toBe('mail-1');

      await first.stop();
      await waitFor(
        async () => ((await db.selectFrom('mailboxes').select('poll_owner').where('id', '=', box.id).executeTakeFirst())?.poll_owner === 'mail-2' ? true : undefined),
        'mail-2 to take over',
      );
      const after = `<lease-b-${dialect}-${Date.now()}@kunde.example>`;
      await imap.append('INBOX', rawMail({ 'Message-ID': after, From: 'lea.lease@kunde.example', Subject: 'Zweite Mail' }, 'Zwei.'), []);
      await waitFor(() => intake.inbound(after), 'the second poller to store the mail', 60_000);
    } finally {
      await first.stop();
      await second.stop();
    }
    expect((await db.selectFrom('mailboxes').select('poll_owner').where('id', '=', box.id).executeTakeFirstOrThrow()).poll_owner).toBeNull();
  });
});
