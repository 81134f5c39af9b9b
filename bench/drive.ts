import { spawn } from 'node:child_process';
import path from 'node:path';
import type { LoadClientConfig, LoadClientResult } from './load-client.ts';

const CLIENT = path.join(import.meta.dirname, 'load-client.ts');

/** Runs autocannon in a child process against a listening server and returns its figures. */
export function drive(config: LoadClientConfig): Promise<LoadClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`load client failed (exit ${code}): ${stdout.slice(0, 500)}`));
      else resolve(JSON.parse(line) as LoadClientResult);
    });
  });
}
