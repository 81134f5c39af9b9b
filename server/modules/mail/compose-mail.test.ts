/** composeMail builds what nodemailer's MailComposer builds: read back by mailparser, field by field. */
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { composeMail, type MailToCompose } from './compose-mail.ts';

const base: MailToCompose = {
  from: 'Anlauf Helpdesk <help@example.com>',
  replyTo: 'reply+t42.abc@example.com',
  to: 'petra.meier@kunde.example',
  subject: '[#42] Drucker druckt nicht',
  text: 'Hallo Petra,\n\nwir kümmern uns darum.\n',
  html: '<p>Hallo Petra,</p><p>wir kümmern uns darum.</p>',
  messageId: '<n.42.7@example.com>',
  inReplyTo: '<CAF+abc@mail.kunde.example>',
  references: ['<t.42@example.com>', '<CAF+abc@mail.kunde.example>'],
  headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
};

const cases: Array<[string, Partial<MailToCompose>]> = [
  ['a notice with text and HTML', {}],
  ['text only', { html: undefined }],
  ['umlauts and a dash in the subject, a long one', { subject: `[#42] Größere Störung – ${'Outlook startet nicht mehr, '.repeat(6)}` }],
  ['a sender name with umlauts and specials', { from: '"Müller, IT-Service (Zentrale)" <it@example.com>' }],
  ['CCs and an international domain', { cc: ['chef@kunde.example', 'Jörg <joerg@bücher.example>'], to: 'anna@münchen.example' }],
  ['a subject that tries to add a header', { subject: 'Hallo\r\nBcc: evil@attacker.example\r\nX-Injected: yes' }],
  ['long lines, trailing spaces, CRLF and dots at line starts', { text: `${'Sehr lange Zeile ohne Umbruch '.repeat(12)}\r\n.\r\n..Punkt am Anfang  \nEnde`, html: `<pre>${'x'.repeat(300)}</pre>` }],
  ['plain ASCII only', { subject: 'Printer', text: 'Hello,\nit prints again.', html: '<p>Hello</p>' }],
  ['many references', { references: Array.from({ length: 30 }, (_, i) => `<ref-${i}.abcdefgh@mail.kunde.example>`) }],
  ['no threading headers', { messageId: undefined, inReplyTo: undefined, references: undefined, replyTo: undefined, headers: undefined }],
];

describe('composing an outgoing mail', () => {
  it.each(cases)('%s: reads back as MailComposer’s does', async (_name, change) => {
    const mail = { ...base, ...change };
    const ours = composeMail(mail);
    const theirs = new MailComposer({ ...mail, cc: mail.cc, headers: mail.headers }).compile();
    const [a, b] = await Promise.all([simpleParser(ours.raw), simpleParser(await theirs.build())]);
    expect(ours.envelope).toEqual(theirs.getEnvelope());
    for (const field of ['subject', 'text', 'html', 'inReplyTo', 'references'] as const) expect(a[field], field).toEqual(b[field]);
    for (const field of ['from', 'to', 'cc', 'replyTo'] as const) expect(JSON.stringify(a[field]), field).toEqual(JSON.stringify(b[field]));
    if (mail.messageId) expect(a.messageId).toBe(mail.messageId);
    expect(a.headers.get('auto-submitted')).toBe(b.headers.get('auto-submitted'));
    expect(a.headers.has('bcc')).toBe(false);
    expect(a.headers.has('x-injected')).toBe(false);
    // SMTP line rules: CRLF only, no line over 78 characters.
    const text = ours.raw.toString('latin1');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(Math.max(...text.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(78);
  });

  it('keeps the text exactly, line breaks as CRLF', async () => {
    const parsed = await simpleParser(composeMail({ ...base, html: undefined, text: 'Erste Zeile\nZweite Zeile mit ä\n\nDritte' }).raw);
    expect(parsed.text).toBe('Erste Zeile\nZweite Zeile mit ä\n\nDritte');
  });

  it('keeps the structure its own when a caller’s headers name another', async () => {
    const raw = composeMail({ ...base, headers: { ...base.headers, 'Content-Type': 'text/plain', 'content-transfer-encoding': '7bit', 'MIME-Version': '2.0' } }).raw.toString();
    const parsed = await simpleParser(raw);
    expect(parsed.text?.trim()).toBe(base.text.trim());
    expect(parsed.html).toBe(base.html);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).not.toMatch(/^MIME-Version: 2\.0/m);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('refuses a mail without a recipient', () => {
    expect(() => composeMail({ ...base, to: '' })).toThrow(/recipient/);
  });
});
