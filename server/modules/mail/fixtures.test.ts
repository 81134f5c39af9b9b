import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { messageIdOf } from './parse-mail.ts';
import { dkimSigned } from './test/fake-dns.ts';
import { type Intake, rawMail, startIntake } from './test/intake-harness.ts';

interface Expected {
  outcome: string;
  subject?: string;
  from: string;
  name?: string;
  text?: string;
  textIncludes?: string[];
  textExcludes?: string[];
  html?: null;
  htmlIncludes?: string[];
  htmlExcludes?: string[];
  /** [filename, content type, size or null where the size depends on the ticket number] */
  attachments?: Array<[string, string, number | null]>;
  attachmentCount?: number;
  internal?: boolean;
  /** The SMTP envelope sender, where it differs from From (the From must win). */
  envelopeFrom?: string;
  /** Why an ignored mail was ignored (the admins' list shows it). */
  reason?: string;
  /** A machine's mail: no receipt goes back to it. */
  noReceipt?: boolean;
}

const DIR = path.join(import.meta.dirname, 'fixtures');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort();

describe.each(DIALECTS)('the corpus of difficult mails on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let seedTicket: number;
  let sentId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    intake = await startIntake(t);
    // The conversation the reply fixtures answer ({{TICKET}} in them).
    await intake.deliver(rawMail({ 'Message-ID': '<seed@kunde.example>', From: 'Petra Meier <petra.meier@kunde.example>', Subject: 'Drucker druckt nicht' }, 'Der Drucker druckt nicht.'));
    await intake.drain();
    seedTicket = (await intake.inbound('<seed@kunde.example>'))!.ticket_id!;
    // The receipt we sent: automatic answers ({{SENT_ID}}) refer to it.
    sentId = intake.sink.mails.find((m) => m.envelopeTo.includes('petra.meier@kunde.example'))!.parsed.messageId!;
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  it('has an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(FILES);
  });

  it.each(FILES)('%s', async (file) => {
    const expected = EXPECTED[file]!;
    // latin1 round-trips the bytes exactly; only the placeholder is replaced.
    const original = Buffer.from(fs.readFileSync(path.join(DIR, file), 'latin1').replaceAll('{{TICKET}}', String(seedTicket)).replaceAll('{{SENT_ID}}', sentId), 'latin1');
    // Signed by the sender's domain, as a genuine sender's mail server would.
    const raw = await dkimSigned(original);
    const sentBefore = intake.sink.mails.length;
    const answer = await intake.deliver(raw, { sign: false, ...(expected.envelopeFrom ? { from: expected.envelopeFrom } : {}) });
    expect(answer.response).toMatch(/^250/);
    await intake.drain();

    const inbound = (await intake.inbound(messageIdOf(raw)))!;
    expect(inbound.outcome).toBe(expected.outcome);
    expect(inbound.from_address).toBe(expected.from);
    if (expected.outcome === 'ignored') {
      expect(inbound.ticket_id).toBeNull();
      expect(inbound.failure_reason).toContain(expected.reason);
      return;
    }
    if (expected.noReceipt) expect(intake.sink.mails.slice(sentBefore).filter((m) => m.envelopeTo.includes(expected.from))).toEqual([]);
    const db = t.db.handle.db;
    const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', inbound.ticket_id!).executeTakeFirstOrThrow();
    const message = await db.selectFrom('messages').selectAll().where('id', '=', inbound.message_row_id!).executeTakeFirstOrThrow();
    const author = await db.selectFrom('users').selectAll().where('id', '=', message.author_id).executeTakeFirstOrThrow();
    expect(author.email).toBe(expected.from);
    if (expected.name) expect(author.name).toBe(expected.name);
    if (expected.outcome === 'new_ticket') {
      expect(ticket.subject).toBe(expected.subject);
      expect(ticket.requester_id).toBe(author.id);
      expect(ticket.channel).toBe('email');
    } else {
      expect(ticket.id).toBe(seedTicket);
    }
    expect(message.internal).toBe(expected.internal ? 1 : 0);
    if (expected.text !== undefined) expect(message.body).toBe(expected.text);
    for (const part of expected.textIncludes ?? []) expect(message.body).toContain(part);
    for (const part of expected.textExcludes ?? []) expect(message.body).not.toContain(part);
    if (expected.html === null) expect(message.body_html).toBeNull();
    for (const part of expected.htmlIncludes ?? []) expect(message.body_html).toContain(part);
    for (const part of expected.htmlExcludes ?? []) expect(message.body_html ?? '').not.toContain(part);
    const attachments = await db.selectFrom('attachments').select(['filename', 'content_type', 'size']).where('message_id', '=', message.id).orderBy('id').execute();
    if (expected.attachments) expect(attachments.map((a, i) => [a.filename, a.content_type, expected.attachments![i]?.[2] === null ? null : a.size])).toEqual(expected.attachments);
    else expect(attachments).toHaveLength(expected.attachmentCount ?? 0);
    // The raw mail is kept byte for byte.
    expect(Buffer.from(inbound.raw).equals(raw)).toBe(true);
  });
});
