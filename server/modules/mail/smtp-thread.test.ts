/** The SMTP thread (smtp-thread.ts): real thread, real SMTP server on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpThread } from './smtp-thread.ts';
import { startSmtpSink } from './test/smtp-sink.ts';

const mail = (to: string) => ({
  from: 'Anlauf Helpdesk <help@example.com>',
  to,
  subject: '[#7] Größere Störung',
  text: 'Wir kümmern uns darum.',
  html: '<p>Wir kümmern uns darum.</p>',
  messageId: `<n.7.${to}>`,
  headers: { 'Auto-Submitted': 'auto-generated' },
});

describe('the SMTP thread', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it('composes and sends in the thread, and where the thread cannot start, on the calling thread', { timeout: 60_000 }, async () => {
    const inline: string[] = [];
    const threaded = startSmtpThread(sink.url, { onInline: (reason) => inline.push(`threaded: ${reason}`) });
    const broken = startSmtpThread(sink.url, { code: `throw new Error('this thread cannot load');`, onInline: (reason) => inline.push(`broken: ${reason}`) });
    try {
      await Promise.all([threaded.send(mail('eins@kunde.example')), broken.send(mail('zwei@kunde.example'))]);
    } finally {
      threaded.close();
      broken.close();
    }
    await expect(threaded.send(mail('spaet@kunde.example'))).rejects.toThrow(/shut down/);
    expect(inline).toEqual(['broken: this thread cannot load']);
    const received = sink.mails.map((m) => ({ to: m.envelopeTo, subject: m.parsed.subject, text: m.parsed.text?.trim(), auto: m.parsed.headers.get('auto-submitted') }));
    expect(received.sort((a, b) => a.to[0]!.localeCompare(b.to[0]!))).toEqual([
      { to: ['eins@kunde.example'], subject: '[#7] Größere Störung', text: 'Wir kümmern uns darum.', auto: 'auto-generated' },
      { to: ['zwei@kunde.example'], subject: '[#7] Größere Störung', text: 'Wir kümmern uns darum.', auto: 'auto-generated' },
    ]);
  });

  it("fails a mail with the SMTP side's error, so that its job is retried", { timeout: 60_000 }, async () => {
    const nowhere = startSmtpThread('smtp://127.0.0.1:1');
    try {
      await expect(nowhere.send(mail('drei@kunde.example'))).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      nowhere.close();
    }
  });
});
