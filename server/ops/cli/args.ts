import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../../platform/config.ts';

/** A command-line mistake: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** What a command reads its configuration from and writes its output to; tests run commands in-process with their own. */
export interface CommandIo {
  /** The configuration: from the environment (and a .env file) for the real command. */
  config(): Config;
  /** One line on standard output. */
  out(line: string): void;
  /** One line on standard error. */
  err(line: string): void;
  /** All of standard input, up to its end. */
  readStdin(): Promise<Buffer>;
}

const STDIN_CHUNK = 64 * 1024;

/**
 * All of a pipe or file descriptor, up to its end: standard input for `anlauf mail import -`.
 * Straight from the descriptor: creating process.stdin's stream was some 4 ms of an MTA's pipe
 * delivery. A descriptor left non-blocking by whoever started us answers EAGAIN once it holds
 * nothing yet: what was read until then is kept, and `rest`, a stream on the same descriptor
 * (process.stdin for standard input), reads the rest (fs.readFileSync threw away what it had
 * read when EAGAIN came after the first chunk).
 */
export async function readDescriptor(fd: number, rest: () => AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(STDIN_CHUNK);
      const read = fs.readSync(fd, chunk, 0, STDIN_CHUNK, null);
      if (read === 0) return Buffer.concat(chunks);
      chunks.push(chunk.subarray(0, read));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
  }
  for await (const chunk of rest()) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** The real process: environment, console and standard input. */
export const PROCESS_IO: CommandIo = {
  config: () => loadConfig(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin: () => readDescriptor(0, () => process.stdin),
};
