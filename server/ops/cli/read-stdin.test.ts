/**
 * `anlauf mail import -` reads the mail from standard input as an MTA hands it over. An MTA may
 * leave that descriptor non-blocking; a read then answers EAGAIN whenever the pipe is empty for
 * a moment, and nothing read before that may be lost. A real FIFO opened non-blocking (a child
 * process cannot be given one: libuv makes a child's standard descriptors blocking), the mail
 * written in two parts with a pause between.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDescriptor } from './args.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('reading a mail from standard input', () => {
  it('keeps what it read before a non-blocking pipe ran dry, and reads the rest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-stdin-'));
    dirs.push(dir);
    const fifo = path.join(dir, 'mail.fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader first (non-blocking, as an MTA may leave it), then the writer.
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writer = fs.openSync(fifo, fs.constants.O_WRONLY);
    const head = Buffer.from(`From: petra@example.com\r\nSubject: Drucker\r\n\r\n${'Erster Teil. '.repeat(800)}\r\n`);
    const tail = Buffer.from(`${'Zweiter Teil nach einer Pause. '.repeat(300)}\r\n`);
    // The first part waits in the pipe: the first read gets it, the next finds the pipe empty.
    fs.writeSync(writer, head);
    // What standard input's process.stdin is for a pipe: a socket on the descriptor.
    const read = readDescriptor(reader, () => new net.Socket({ fd: reader, readable: true, writable: false }));
    setTimeout(() => {
      fs.writeSync(writer, tail);
      fs.closeSync(writer);
    }, 200);
    expect((await read).equals(Buffer.concat([head, tail]))).toBe(true);
  });

  it('reads a blocking descriptor to its end at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-stdin-'));
    dirs.push(dir);
    const file = path.join(dir, 'mail.eml');
    const mail = Buffer.from(`Subject: Groß\r\n\r\n${'x'.repeat(200_000)}\r\n`);
    fs.writeFileSync(file, mail);
    const fd = fs.openSync(file, 'r');
    try {
      // Never runs dry: the stream is not needed.
      expect(
        (
          await readDescriptor(fd, () => {
            throw new Error('A descriptor that never runs dry needs no stream.');
          })
        ).equals(mail),
      ).toBe(true);
    } finally {
      fs.closeSync(fd);
    }
  });
});
