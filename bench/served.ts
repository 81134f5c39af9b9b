import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_ENVIRONMENT, SERVER_NODE_OPTIONS } from '../server/platform/heap.ts';

const BIN = path.join(path.resolve(import.meta.dirname, '..'), 'bin', 'anlauf.mjs');

export interface ServedProcess {
  url: string;
  pid: number;
  /** The SMTP listener's port. */
  smtpPort: number;
  /** The process's resident memory now (VmRSS), or its high-water mark since it started (VmHWM), in MB. */
  rssMb: (which?: 'now' | 'peak') => number;
  /** Runs another `anlauf` command with the server's environment and returns the last line it printed. */
  command: (...args: string[]) => string;
  /** SIGTERM, then waits for the exit (at most `maxWaitMs`). */
  stop: (maxWaitMs?: number) => Promise<void>;
}

/**
 * `anlauf serve` as users start it (web, worker and mail in one process, with the serving
 * environment and node options) on a database, listening on a free port of 3900–3989 (SMTP on
 * that port + 1000). `env` adds settings (without ANLAUF_SMTP_OUT, outgoing mail jobs wait, as
 * they do where no SMTP server is configured), `nodeArgs` node options (a CPU profile); the
 * environment's BENCH_NODE_ARGS adds more (`BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" npm run bench`).
 */
export async function startServed(where: { databaseUrl?: string; dataDir: string }, extra: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<ServedProcess> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env,
    ...SERVER_ENVIRONMENT,
    PORT: String(port),
    ANLAUF_DATA_DIR: where.dataDir,
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
    ANLAUF_SMTP_PORT: String(port + 1000),
    LOG_LEVEL: 'warn',
    ...extra.env,
  };
  const benchArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...(extra.nodeArgs ?? []), ...benchArgs, BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
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
    smtpPort: port + 1000,
    rssMb: (which = 'now') => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number((which === 'peak' ? /VmHWM:\s+(\d+)/ : /VmRSS:\s+(\d+)/).exec(status)?.[1] ?? 0) / 1024;
    },
    command: (...args) =>
      spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .pop()!,
    stop: async (maxWaitMs = Number.POSITIVE_INFINITY) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, ...(Number.isFinite(maxWaitMs) ? [new Promise((resolve) => setTimeout(resolve, maxWaitMs))] : [])]);
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
