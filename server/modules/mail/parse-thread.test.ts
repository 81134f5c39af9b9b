import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMail } from './parse-mail.ts';
import { mailParserThreadCode, startMailParserThread } from './parse-thread.ts';

const DIR = path.join(import.meta.dirname, 'fixtures');
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.eml'))
  .sort();

describe('parsing mail in a thread of its own', () => {
  const inline: string[] = [];
  const parser = startMailParserThread({ onInline: (reason) => inline.push(reason) });
  afterAll(() => parser.stop());

  it('gives for every mail of the corpus what parsing on this thread gives, attachments as Buffers', async () => {
    // Side by side, as the intake hands them over.
    const raws = FILES.map((file) => fs.readFileSync(path.join(DIR, file)));
    const [threaded, here] = await Promise.all([Promise.all(raws.map((raw) => parser.parse(raw))), Promise.all(raws.map((raw) => parseMail(raw)))]);
    let attachments = 0;
    threaded.forEach(({ date, ...parsed }, i) => {
      const { date: dateHere, ...parsedHere } = here[i]!;
      expect(parsed, FILES[i]).toEqual(parsedHere);
      // A broken Date header becomes the time of parsing.
      expect(Math.abs((date?.getTime() ?? 0) - (dateHere?.getTime() ?? 0)), FILES[i]).toBeLessThan(60_000);
      for (const attachment of parsed.attachments) {
        expect(Buffer.isBuffer(attachment.content)).toBe(true);
        attachments++;
      }
    });
    expect(attachments).toBeGreaterThan(0);
    expect(inline).toEqual([]);
  });

  it('fails the mails a dying thread held, and starts a new thread for the next mail', async () => {
    const raw = fs.readFileSync(path.join(DIR, FILES[0]!));
    // A thread that dies at once when handed a mail that starts with EXIT (its listener joins
    // once the parser's is there: a listener on the port takes the messages that arrive first).
    const exitOnExit = `() => require('node:worker_threads').parentPort.on('message', ({ input }) => { if (Buffer.from(input).subarray(0, 4).toString() === 'EXIT') process.exit(1); })`;
    const code = `${mailParserThreadCode()!.replace(/;\s*$/, '')}.then(${exitOnExit});`;
    const dying = startMailParserThread({ code });
    try {
      expect(await dying.parse(raw)).toEqual(await parseMail(raw));
      const [killer, behind] = [dying.parse(Buffer.from('EXIT\r\n\r\nx')), dying.parse(raw)];
      await expect(killer).rejects.toThrow(/stopped/);
      await expect(behind).rejects.toThrow(/stopped/);
      // The next mail gets a new thread (its intake job is retried the same way).
      expect(await dying.parse(raw)).toEqual(await parseMail(raw));
    } finally {
      await dying.stop();
    }
  });

  it('parses on the calling thread where no thread can start', async () => {
    const reasons: string[] = [];
    const broken = startMailParserThread({ onInline: (reason) => reasons.push(reason), code: 'throw new Error("no parser here")' });
    const raw = fs.readFileSync(path.join(DIR, FILES[0]!));
    expect(await broken.parse(raw)).toEqual(await parseMail(raw));
    expect(reasons.join(' ')).toMatch(/no parser here/);
    await broken.stop();
  });
});
