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
  readonly stdin: NodeJS.ReadableStream;
}

/** The real process: environment, console and standard input. */
export const PROCESS_IO: CommandIo = {
  config: () => loadConfig(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  get stdin() {
    return process.stdin;
  },
};
