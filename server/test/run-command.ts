import { format } from 'node:util';
import { vi } from 'vitest';
import { main } from '../ops/cli/main.ts';
import { loadConfig } from '../platform/config.ts';

export interface CommandRun {
  /** The exit code the process would have. */
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs an `anlauf` command in this process, without the seconds a child process with tsx costs
 * (runCli in server-process.ts is for the process boundary itself). The configuration comes from
 * `env` alone, not from this process's environment or a .env file. Output is captured line by
 * line as the process would print it: the command's own lines, and anything else that goes to
 * the console meanwhile, so that stray output still shows up in the assertions.
 */
export async function runCommand(args: string[], env: Record<string, string | undefined>, options: { stdin?: string | Buffer } = {}): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const out = (...parts: unknown[]) => void (stdout += `${format(...parts)}\n`);
  const err = (...parts: unknown[]) => void (stderr += `${format(...parts)}\n`);
  const spies = [
    vi.spyOn(console, 'log').mockImplementation(out),
    vi.spyOn(console, 'info').mockImplementation(out),
    vi.spyOn(console, 'debug').mockImplementation(out),
    vi.spyOn(console, 'warn').mockImplementation(err),
    vi.spyOn(console, 'error').mockImplementation(err),
  ];
  try {
    const status = await main(args, {
      config: () => loadConfig(env, { readDotenv: false }),
      out,
      err,
      readStdin: async () => Buffer.from(options.stdin ?? ''),
    });
    return { status, stdout, stderr };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
