import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server-process.ts';
import { SERVER_ENVIRONMENT, SERVER_NODE_OPTIONS } from '../platform/heap.ts';

/**
 * Anlauf as users who outgrow one process run it: nginx (Debian's, started here as a child
 * process with a configuration of its own in a temporary directory) in front of several
 * `anlauf serve --roles web` processes, plus worker and mail processes, all on one
 * PostgreSQL database. Used by the topology test (e2e/topology.e2e.ts) and
 * `npm run bench -- --topology`.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/anlauf.mjs');
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx'];

/** The nginx binary, or undefined when it is not installed (.ci/setup-nginx.sh installs it). */
export function nginxBinary(): string | undefined {
  return NGINX_CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/**
 * The nginx configuration of the topology (and of the README's example): round robin without
 * stickiness, idempotent requests passed on to the next process when one fails before it
 * answered, and live-event streams unbuffered. `X-Anlauf-Upstream` names the process that
 * answered (tests attribute each request with it; leave it out in production).
 */
export function nginxConfig(options: { dir: string; port: number; upstreams: number[]; accessLog?: boolean }): string {
  const { dir } = options;
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  ${options.accessLog ? `log_format upstream '$msec $request_method $uri $status $upstream_addr $upstream_status';\n  access_log ${dir}/access.log upstream;` : 'access_log off;'}
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 60m;

  upstream anlauf {
    ${options.upstreams.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`).join('\n    ')}
    keepalive 32;
  }

  server {
    listen 127.0.0.1:${options.port};

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    # A process that is down (refused connection) or died before answering: try the next one.
    # nginx never repeats a POST or PATCH that reached a process, so no write is done twice.
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 3;
    add_header X-Anlauf-Upstream $upstream_addr always;

    location / {
      proxy_pass http://anlauf;
    }

    # Server-Sent Events: no buffering, and a read timeout well above the 20 s heartbeat.
    location = /api/v1/events {
      proxy_pass http://anlauf;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

export interface AnlaufProcess {
  name: string;
  roles: string;
  /** The HTTP port of a web process. */
  port: number | undefined;
  pid(): number | undefined;
  /** Everything the process printed (the last 200 KB), for failure messages. */
  output(): string;
  /** SIGKILL, then waits until the process is gone. */
  kill(): Promise<void>;
  /** Starts it again with the same ports and environment, and waits until it is ready. */
  start(): Promise<void>;
  /** SIGTERM (a clean shutdown), then waits until it is gone. */
  stop(): Promise<void>;
}

export interface Topology {
  /** nginx's address: what browsers and clients use. */
  url: string;
  webs: AnlaufProcess[];
  workers: AnlaufProcess[];
  nginxPid(): number | undefined;
  /** nginx's access log (only with accessLog). */
  accessLog(): string;
  close(): Promise<void>;
}

export interface TopologyOptions {
  databaseUrl: string;
  dataDir: string;
  webs: number;
  /** One entry per worker process: its roles, e.g. "worker,mail". */
  workers: string[];
  /** Environment for every process (SMTP ports, limits, log level …). */
  env: Record<string, string>;
  accessLog?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One `anlauf serve --roles …` child process; `ready` decides from its output (or a probe) that it started. */
export function anlaufProcess(name: string, roles: string, port: number | undefined, env: Record<string, string>, ready: (output: string) => Promise<boolean> | boolean): AnlaufProcess {
  let child: ChildProcess | undefined;
  let output = '';
  const gone = async (signal: NodeJS.Signals) => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill(signal);
    });
  };
  return {
    name,
    roles,
    port,
    pid: () => child?.pid,
    output: () => output,
    kill: () => gone('SIGKILL'),
    stop: () => gone('SIGTERM'),
    async start() {
      const proc = spawn(process.execPath, [...SERVER_NODE_OPTIONS, BIN, 'serve', '--roles', roles], {
        env: { ...process.env, ...SERVER_ENVIRONMENT, ...env, ...(port ? { PORT: String(port) } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      const append = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-200_000);
      };
      proc.stdout!.on('data', append);
      proc.stderr!.on('data', append);
      // Generous: on a loaded machine five processes migrating and starting together take a while.
      const deadline = Date.now() + 300_000;
      while (Date.now() < deadline) {
        if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${name} (--roles ${roles}) exited (${proc.exitCode ?? proc.signalCode}):\n${output}`);
        if (await ready(output)) return;
        await sleep(100);
      }
      proc.kill('SIGKILL');
      throw new Error(`${name} (--roles ${roles}) did not become ready:\n${output}`);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/**
 * Starts the web and worker processes together (on an empty database they migrate and set up
 * the installation concurrently, as they would on a real first start), then nginx in front of
 * the web processes.
 */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const nginx = nginxBinary();
  if (!nginx) throw new Error('nginx is not installed (run .ci/setup-nginx.sh)');
  const env = { LOG_LEVEL: 'warn', ...options.env, DATABASE_URL: options.databaseUrl, ANLAUF_DATA_DIR: options.dataDir, ANLAUF_TRUST_PROXY: '1' };
  const webs: AnlaufProcess[] = [];
  for (let i = 0; i < options.webs; i++) {
    const port = await freePort();
    webs.push(anlaufProcess(`web${i + 1}`, 'web', port, env, () => answers(`http://127.0.0.1:${port}/healthz`)));
  }
  // A worker says nothing at warn level; "worker started" is its info line.
  const workers = options.workers.map((roles, i) =>
    anlaufProcess(
      `worker${i + 1}`,
      roles,
      undefined,
      { ...env, LOG_LEVEL: 'info' },
      (output) => output.includes('"worker started"') && (!roles.includes('mail') || output.includes('receives mail by SMTP')),
    ),
  );
  const all = [...webs, ...workers];
  let nginxChild: ChildProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-nginx-'));
  // nginx's workers drop to an unprivileged user when it runs as root; they need to reach the directory.
  fs.chmodSync(dir, 0o755);
  const close = async () => {
    if (nginxChild && nginxChild.exitCode === null) {
      await new Promise<void>((resolve) => {
        nginxChild!.once('exit', () => resolve());
        nginxChild!.kill('SIGTERM');
      });
    }
    await Promise.all(all.map((p) => p.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(all.map((p) => p.start()));
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig({ dir, port, upstreams: webs.map((w) => w.port!), accessLog: options.accessLog ?? false }));
    const test = spawnSync(nginx, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`nginx refused its configuration: ${test.stderr}`);
    let nginxOutput = '';
    nginxChild = spawn(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginxChild.stderr!.on('data', (d: Buffer) => (nginxOutput += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !(await answers(`${url}/healthz`)); i++) {
      if (nginxChild.exitCode !== null) throw new Error(`nginx exited: ${nginxOutput}`);
      await sleep(100);
    }
    return {
      url,
      webs,
      workers,
      nginxPid: () => nginxChild?.pid,
      accessLog: () => (fs.existsSync(path.join(dir, 'access.log')) ? fs.readFileSync(path.join(dir, 'access.log'), 'utf8') : ''),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
