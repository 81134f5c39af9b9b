import fs from 'node:fs';
import pino from 'pino';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { headerLimitExceeded } from './header-limits.ts';
import { parkWhenGivenUp, processInboundMailHandler } from './process-inbound-mail.ts';
import { startSmtpListener } from './smtp-listener.ts';
import { INTAKE_MAIL_JOB, INTAKE_MAX_ATTEMPTS, storeInboundMail } from './store-inbound-mail.ts';
import { registerMailJobs } from './mail-jobs.ts';
import { JobRunner } from '../../platform/jobs/runner.ts';
import { ProcessLag } from '../../platform/process-lag.ts';
import { HELPDESK, type Intake, rawMail, startIntake } from './test/intake-harness.ts';
import { openSmtpSocket, type SmtpSocket } from './test/smtp-socket.ts';

/** 100,000 repeated header fields in about 800 KB: the mail that once froze the server. */
function headerFlood(messageId: string): string {
  return rawMail({ 'Message-ID': messageId }, 'Flut.').replace('\r\n\r\n', `\r\n${'X-A: 1\r\n'.repeat(100_000)}\r\n`);
}

describe.each(DIALECTS)('abusive SMTP clients on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    intake = await startIntake(t);
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  const parked = async () => ((await t.admin.client.get('/api/v1/admin/inbound-mails?status=failed')).body as { items: Array<{ messageId: string; failureReason: string }> }).items;

  it('refuses a header flood with 552 before storing it, while the HTTP server keeps answering', async () => {
    const flood = headerFlood('<flood-1@kunde.example>');
    expect(flood.length).toBeGreaterThan(800_000);
    const finished: string[] = [];
    const delivery = intake.deliver(flood, { sign: false }).then(
      () => finished.push('smtp accepted'),
      (error: { responseCode?: number; response?: string }) => finished.push(`smtp ${error.responseCode}: ${error.response}`),
    );
    const health = t.anonymous.get('/healthz').then((res) => finished.push(`healthz ${res.status}`));
    await Promise.all([delivery, health]);
    expect(finished[0]).toBe('healthz 200');
    expect(finished[1]).toMatch(/^smtp 552: 552 5\.3\.4 The message has more than 1000 header fields/);
    expect(await intake.inbound('<flood-1@kunde.example>')).toBeUndefined();

    // One huge folded header: the header section is capped in bytes too.
    const wide = rawMail({ 'Message-ID': '<wide-1@kunde.example>', 'X-Wide': `a${'\r\n b'.repeat(100_000)}` }, 'Breit.');
    await expect(intake.deliver(wide, { sign: false })).rejects.toMatchObject({ responseCode: 552, response: expect.stringContaining('larger than 256 KB') });
    // Ordinary mail still goes through.
    expect((await intake.deliver(rawMail({ 'Message-ID': '<after-flood@kunde.example>' }, 'Normal.'))).response).toMatch(/^250/);
    await intake.drain();
    expect(await intake.inbound('<after-flood@kunde.example>')).toMatchObject({ outcome: 'new_ticket' });
  });

  it('parks a flood that arrives by IMAP or import as failed, without a job, for an admin', async () => {
    const stored = await storeInboundMail(t.db.handle.db, t.dialect, Buffer.from(headerFlood('<flood-imap@kunde.example>')), { source: 'imap' });
    expect(stored.stored).toBe(true);
    expect(await intake.drain()).toBe(0);
    expect(await intake.inbound('<flood-imap@kunde.example>')).toMatchObject({ status: 'failed', ticket_id: null });
    expect((await parked()).find((p) => p.messageId === '<flood-imap@kunde.example>')?.failureReason).toMatch(/more than 1000 header fields/);
  });

  it('parks a mail whose intake keeps failing instead of retrying it for ever', async () => {
    const raw = Buffer.from(
      rawMail(
        { 'Message-ID': '<always-fails@kunde.example>', 'Content-Type': 'multipart/mixed; boundary="b"' },
        '--b\r\nContent-Type: text/plain\r\n\r\nText\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.bin"\r\n\r\nxyz\r\n--b--',
      ),
    );
    const stored = await storeInboundMail(t.db.handle.db, t.dialect, raw, { source: 'api' });
    if (!stored.stored) throw new Error('not stored');
    // Attachments cannot be written (the data directory is a file): every attempt fails.
    const notADir = path.join(t.config.dataDir, 'not-a-directory');
    fs.writeFileSync(notADir, '');
    const broken = processInboundMailHandler({ ...intake.options, dataDir: path.join(notADir, 'data') });
    const context = { jobId: 0, db: t.db.handle.db, dialect: t.dialect };
    await expect(broken({ inboundId: stored.id }, { ...context, attempt: 1 })).rejects.toThrow();
    expect(await intake.inbound('<always-fails@kunde.example>')).toMatchObject({ status: 'received' });
    await expect(broken({ inboundId: stored.id }, { ...context, attempt: INTAKE_MAX_ATTEMPTS })).rejects.toThrow();
    expect(await intake.inbound('<always-fails@kunde.example>')).toMatchObject({ status: 'failed', outcome: 'failed' });
    expect((await parked()).find((p) => p.messageId === '<always-fails@kunde.example>')?.failureReason).toMatch(new RegExp(`^Intake failed ${INTAKE_MAX_ATTEMPTS} times: `));
    await t.db.handle.db.deleteFrom('jobs').where('payload', 'like', `%"inboundId":${stored.id}}%`).execute();
  });

  it('parks a mail whose intake job was given up (its workers kept stopping), but never one already processed', async () => {
    const done = await storeInboundMail(t.db.handle.db, t.dialect, Buffer.from(rawMail({ 'Message-ID': '<done-before@kunde.example>' }, 'Text')), { source: 'api' });
    if (!done.stored) throw new Error('not stored');
    expect(await intake.drain()).toBeGreaterThan(0);
    expect(await intake.inbound('<done-before@kunde.example>')).toMatchObject({ status: 'processed' });

    // The worker's own registration of the mail jobs; every worker that claims the job stops before it ends.
    const waiting = await storeInboundMail(t.db.handle.db, t.dialect, Buffer.from(rawMail({ 'Message-ID': '<given-up@kunde.example>' }, 'Text')), { source: 'api' });
    if (!waiting.stored) throw new Error('not stored');
    const runner = new JobRunner({ db: t.db.handle.db, dialect: t.dialect, lockSeconds: 60 });
    const stop = registerMailJobs(runner, {
      config: { ...t.config, mailParseThread: false, smtpOut: undefined },
      database: t.db.handle,
      events: t.deps.events,
      lag: new ProcessLag(),
      log: pino({ level: 'silent' }),
    });
    try {
      for (let i = 0; i < INTAKE_MAX_ATTEMPTS; i++) {
        expect(await runner.claimBatch([INTAKE_MAIL_JOB], 1)).toHaveLength(1);
        expect(await intake.inbound('<given-up@kunde.example>')).toMatchObject({ status: 'received' });
        await t.db.handle.db
          .updateTable('jobs')
          .set({ locked_until: new Date(0).toISOString() })
          .where('kind', '=', INTAKE_MAIL_JOB)
          .where('status', '=', 'running')
          .execute();
      }
      expect(await runner.drain()).toBe(1);
    } finally {
      await stop?.();
    }
    const reason = `The worker running this job stopped and it has no attempts left. (${INTAKE_MAX_ATTEMPTS + 1} attempts)`;
    expect(await intake.inbound('<given-up@kunde.example>')).toMatchObject({ status: 'failed', outcome: 'failed', ticket_id: null });
    expect((await parked()).find((p) => p.messageId === '<given-up@kunde.example>')?.failureReason).toBe(`Intake gave up: ${reason}`);
    // Given up after the last worker had processed it (and stopped before the job was marked done): it stays processed.
    await parkWhenGivenUp({ inboundId: done.id }, { db: t.db.handle.db, reason });
    expect(await intake.inbound('<done-before@kunde.example>')).toMatchObject({ status: 'processed' });
  });

  it('limits connections per client address, closes idle ones and caps recipients', async () => {
    const listener = await startSmtpListener({
      db: t.db.handle.db,
      dialect: t.dialect,
      port: 0,
      host: '127.0.0.1',
      recipients: [HELPDESK, '@support.example.com'],
      maxBytes: 100_000,
      maxClientsPerIp: 2,
      idleTimeoutMs: 300,
      maxRecipients: 3,
    });
    const open: SmtpSocket[] = [];
    try {
      // One address takes its two connections and sits on them; the third is turned away…
      for (let i = 0; i < 2; i++) {
        open.push(await openSmtpSocket(listener.port, '127.0.0.1'));
        expect(await open[i]!.reply()).toMatch(/^220 /);
      }
      const third = await openSmtpSocket(listener.port, '127.0.0.1');
      expect(await third.reply()).toMatch(/^421 .*Too many connections from/);
      await third.closed;
      // …while another client is served.
      const other = await openSmtpSocket(listener.port, '127.0.0.2');
      open.push(other);
      expect(await other.reply()).toMatch(/^220 /);
      expect(await other.command('EHLO other.example')).toMatch(/^250/);
      expect(await other.command('MAIL FROM:<a@kunde.example>')).toMatch(/^250/);
      for (const n of [1, 2, 3]) expect(await other.command(`RCPT TO:<team${n}@support.example.com>`)).toMatch(/^250/);
      expect(await other.command('RCPT TO:<team4@support.example.com>')).toMatch(/^452 4\.5\.3 Too many recipients/);

      // The silent connections are closed by the server, which frees the address's slots.
      await Promise.all([open[0]!.closed, open[1]!.closed]);
      const again = await openSmtpSocket(listener.port, '127.0.0.1');
      open.push(again);
      expect(await again.reply()).toMatch(/^220 /);
    } finally {
      for (const socket of open) socket.destroy();
      await listener.close();
    }
  });

  it('checks header limits in one pass', () => {
    expect(headerLimitExceeded(Buffer.from(rawMail({}, 'ok')))).toBeUndefined();
    expect(headerLimitExceeded(Buffer.from(headerFlood('<x@y>')))).toMatch(/more than 1000 header fields/);
    // Headers only, no body: fine.
    expect(headerLimitExceeded(Buffer.from('From: a@b\r\nSubject: x'))).toBeUndefined();
  });
});
