import { spawn } from 'node:child_process';
import path from 'node:path';
import type { LoadClientConfig, LoadClientResult } from './load-client.ts';

/**
 * Runs a bench script in a child process: one JSON argument in, one JSON line out. The script
 * calls `endWithParent()` so that it stops when this process ends, however it ends (end-with-parent.ts).
 */
export function runChild<T>(script: string, config: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ANLAUF_BENCH_CHILD: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${script} failed (exit ${code}): ${stdout.slice(0, 500)}`));
      else resolve(JSON.parse(line) as T);
    });
  });
}

/** Runs autocannon in a child process against a listening server and returns its figures. */
export function drive(config: LoadClientConfig): Promise<LoadClientResult> {
  return runChild<LoadClientResult>('load-client.ts', config);
}
