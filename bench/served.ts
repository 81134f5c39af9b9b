import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_NODE_OPTIONS } from '../server/platform/heap.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServedProcess {
  url: string;
  pid: number;
  /** The process's resident memory high-water mark (VmHWM) in MB. */
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

/**
 * `anlauf serve` as users start it (web, worker and mail in one process, with the serving node
 * options) on an existing database, listening on a free port of 3900–3989. Outgoing mail has no
 * SMTP server: mail jobs wait, as they do where none is configured.
 */
export async function startServed(where: { databaseUrl?: string; dataDir: string }): Promise<ServedProcess> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env,
    PORT: String(port),
    ANLAUF_DATA_DIR: where.dataDir,
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
    ANLAUF_SMTP_PORT: String(port + 1000),
    LOG_LEVEL: 'warn',
  };
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_OPTIONS, path.join(ROOT, 'bin', 'anlauf.mjs'), 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`anlauf serve exited with ${child.exitCode}`);
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 300) throw new Error('anlauf serve did not answer /healthz within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    peakRssMb: () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Sends `requests` GETs of one path with `connections` clients side by side (each waits for its
 * answer before its next request) and returns each request's time as the client saw it, in ms:
 * what a person's browser waits, loopback and HTTP included.
 */
export async function timeThroughHttp(url: string, headers: Record<string, string>, requests: number, connections: number): Promise<number[]> {
  const times: number[] = [];
  let sent = 0;
  const client = async () => {
    while (sent < requests) {
      sent++;
      const started = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return times;
}
