import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { createApiToken } from '../server/modules/auth/auth.queries.ts';
import { createUser } from '../server/modules/users/create-user.ts';
import { bootstrap } from '../server/ops/setup/bootstrap.ts';
import type { Db } from '../server/platform/db/database.ts';
import { startTopology, type Topology } from '../server/test/topology.ts';
import { drive } from './drive.ts';
import { startEchoServer } from './echo-server.ts';
import { freshDatabase } from './fresh-database.ts';
import type { LoadClientResult } from './load-client.ts';
import { type Figure, printTable, writeResults } from './report.ts';

/**
 * npm run bench -- --topology [--quick] [--duration S]
 * Throughput through nginx with 1, 2 and 3 `anlauf serve --roles web` processes on one
 * PostgreSQL: ticket creation and a read mix (queue, search, one ticket), 16 connections,
 * against a bare Fastify echo measured in the same run. While each load runs, the CPU time of
 * every web process, nginx, the database's PostgreSQL backends and the whole machine is read
 * from /proc, so the report can say where scaling stops and why. Web processes only: no worker
 * drains the notification jobs during the measurement (bench:sustained measures that), so the
 * web processes' backpressure on writes is off here: it would wait for workers that don't run.
 */
const CONNECTIONS = 16;
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const cores = os.cpus().length;

/** utime + stime of a process in seconds, or 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return 0;
  }
}

function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy and total jiffies of the whole machine (all cores). */
function machineJiffies(): { busy: number; total: number } {
  const parts = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = parts.reduce((a, b) => a + b, 0);
  const idle = (parts[3] ?? 0) + (parts[4] ?? 0);
  return { busy: total - idle, total };
}

interface CpuShare {
  /** Per web process, in % of one core. */
  webs: number[];
  nginx: number;
  postgres: number;
  /** The whole machine, in % of all its cores (other users of the machine included). */
  machine: number;
}

/** Runs `work` and reports the CPU each part of the topology used meanwhile. */
async function withCpu<T>(topology: Topology, db: Db, work: () => Promise<T>): Promise<{ result: T; cpu: CpuShare }> {
  const backends = async () => (await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(db)).rows.map((r) => r.pid);
  const nginxPids = () => {
    const master = topology.nginxPid();
    return master ? [master, ...childrenOf(master)] : [];
  };
  const webPids = topology.webs.map((w) => w.pid() ?? 0);
  const pgBefore = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
  const nginxBefore = nginxPids().map(cpuSeconds);
  const webBefore = webPids.map(cpuSeconds);
  const machineBefore = machineJiffies();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const machineAfter = machineJiffies();
  const pgUsed = (await backends()).reduce((sum, pid) => sum + cpuSeconds(pid) - (pgBefore.get(pid) ?? 0), 0);
  const nginxUsed = nginxPids()
    .map(cpuSeconds)
    .reduce((sum, s, i) => sum + s - (nginxBefore[i] ?? 0), 0);
  const pct = (s: number) => (s / seconds) * 100;
  return {
    result,
    cpu: {
      webs: webPids.map((pid, i) => pct(cpuSeconds(pid) - webBefore[i]!)),
      nginx: pct(nginxUsed),
      postgres: pct(pgUsed),
      machine: ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100,
    },
  };
}

const bodies = Array.from({ length: 200 }, (_, i) => ({
  subject: `${['Drucker druckt nicht', 'VPN trennt sich ständig', 'Outlook startet nicht', 'Password reset needed', 'Laptop is very slow'][i % 5]} (${i})`,
  body: 'Seit heute Morgen geht es nicht mehr. Ich habe schon neu gestartet. Bitte um Hilfe. / Since this morning it does not work any more.',
}));

interface Step {
  webs: number;
  create: LoadClientResult;
  createCpu: CpuShare;
  read: LoadClientResult;
  readCpu: CpuShare;
  /** Creation straight to the one web process, without nginx (only for 1 process). */
  direct?: LoadClientResult;
}

export async function benchTopology(options: { quick: boolean; duration?: number; adminUrl: string }): Promise<void> {
  const duration = options.duration ?? (options.quick ? 3 : 15);
  console.log(`Anlauf topology benchmark: nginx in front of 1, 2 and 3 web processes on PostgreSQL, ${CONNECTIONS} connections, ${duration} s per load (${cores} cores)`);
  const fresh = await freshDatabase('postgres', options.adminUrl);
  const echo = await startEchoServer();
  const steps: Step[] = [];
  try {
    const { db } = fresh.handle;
    await bootstrap(db, { adminEmail: 'admin@bench.test', adminPassword: 'bench-password-1' });
    const serviceDesk = (await db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    const customer = await createUser(db, { email: 'kundin@bench.test', name: 'Kundin', role: 'customer', emailVerified: true });
    const agent = await createUser(db, { email: 'agent@bench.test', name: 'Agent', role: 'agent', groupIds: [serviceDesk], emailVerified: true });
    const creator = { authorization: `Bearer ${(await createApiToken(db, customer.user.id, 'bench')).token}` };
    const reader = { authorization: `Bearer ${(await createApiToken(db, agent.user.id, 'bench')).token}` };

    const baseline = await drive({ url: echo.url, path: '/echo', connections: CONNECTIONS, durationSeconds: duration, headers: {}, bodies });
    console.log(`  echo baseline: ${Math.round(baseline.perSecond).toLocaleString('en')} req/s`);

    for (const webs of [1, 2, 3]) {
      const topology = await startTopology({ databaseUrl: fresh.databaseUrl!, dataDir: fresh.dataDir, webs, workers: [], env: { LOG_LEVEL: 'warn', ANLAUF_BACKPRESSURE_EVENTS: '0' } });
      try {
        // Warm up (connections, JIT) before measuring.
        await drive({ url: topology.url, path: '/api/v1/tickets', connections: CONNECTIONS, durationSeconds: 1, headers: creator, bodies });
        const create = await withCpu(topology, db, () => drive({ url: topology.url, path: '/api/v1/tickets', connections: CONNECTIONS, durationSeconds: duration, headers: creator, bodies }));
        const ids = (await db.selectFrom('tickets').select('id').orderBy('id', 'desc').limit(20).execute()).map((t) => t.id);
        const getPaths = [
          '/api/v1/tickets?status=new,open&assignee=none&limit=25',
          '/api/v1/tickets?q=drucker&limit=25',
          ...ids.slice(0, 4).map((id) => `/api/v1/tickets/${id}`),
          `/api/v1/tickets/${ids[5]}/messages`,
          '/api/v1/tickets?q=outlook&limit=25',
        ];
        const read = await withCpu(topology, db, () => drive({ url: topology.url, path: '', getPaths, connections: CONNECTIONS, durationSeconds: duration, headers: reader, bodies: [] }));
        const step: Step = { webs, create: create.result, createCpu: create.cpu, read: read.result, readCpu: read.cpu };
        if (webs === 1) {
          step.direct = await drive({ url: `http://127.0.0.1:${topology.webs[0]!.port}`, path: '/api/v1/tickets', connections: CONNECTIONS, durationSeconds: duration, headers: creator, bodies });
        }
        steps.push(step);
        const fmtCpu = (c: CpuShare) =>
          `web ${c.webs.map((w) => w.toFixed(0)).join('+')} %, PostgreSQL ${c.postgres.toFixed(0)} %, nginx ${c.nginx.toFixed(0)} % of a core; machine ${c.machine.toFixed(0)} % of ${cores} cores`;
        console.log(`  ${webs} web: create ${Math.round(create.result.perSecond)} tickets/s (${fmtCpu(create.cpu)}); read ${Math.round(read.result.perSecond)} req/s (${fmtCpu(read.cpu)})`);
        for (const r of [create.result, read.result]) if (r.non2xx || r.errors) console.log(`  WARNING: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
      } finally {
        await topology.close();
      }
    }

    const one = steps[0]!;
    const figures: Figure[] = [{ name: `echo baseline (bare Fastify, ${CONNECTIONS} connections)`, value: baseline.perSecond, unit: 'req/s' }];
    if (one.direct)
      figures.push({
        name: 'create ticket, 1 web process without nginx',
        value: one.direct.perSecond,
        unit: 'tickets/s',
        compare: { label: 'of echo', ratio: one.direct.perSecond / baseline.perSecond },
      });
    for (const step of steps) {
      const label = `${step.webs} web process${step.webs > 1 ? 'es' : ''}`;
      figures.push(
        { name: `create ticket through nginx, ${label}`, value: step.create.perSecond, unit: 'tickets/s', compare: { label: 'of echo', ratio: step.create.perSecond / baseline.perSecond } },
        { name: `  … against 1 process`, value: (step.create.perSecond / one.create.perSecond) * 100, unit: '%' },
        { name: `  … CPU: web processes together`, value: step.createCpu.webs.reduce((a, b) => a + b, 0), unit: '% of a core' },
        { name: `  … CPU: PostgreSQL backends`, value: step.createCpu.postgres, unit: '% of a core' },
        { name: `  … CPU: nginx`, value: step.createCpu.nginx, unit: '% of a core' },
        { name: `  … machine busy (all processes)`, value: step.createCpu.machine, unit: `% of ${cores} cores` },
        { name: `read mix through nginx, ${label}`, value: step.read.perSecond, unit: 'req/s', compare: { label: 'of echo', ratio: step.read.perSecond / baseline.perSecond } },
        { name: `  … against 1 process`, value: (step.read.perSecond / one.read.perSecond) * 100, unit: '%' },
        { name: `  … machine busy (all processes)`, value: step.readCpu.machine, unit: `% of ${cores} cores` },
      );
    }
    printTable(`Anlauf topology — nginx + 1/2/3 web processes on PostgreSQL, ${duration} s per load, ${CONNECTIONS} connections`, figures);
    for (const line of whereScalingStops(steps)) console.log(line);
    const file = writeResults('postgres', 'topology', { duration, connections: CONNECTIONS, echo: baseline, steps, figures });
    console.log(`Results written to ${file}`);
  } finally {
    await echo.close();
    await fresh.drop();
  }
}

/** Says in words where adding a web process stopped paying off, and what the CPU was doing then. */
function whereScalingStops(steps: Step[]): string[] {
  const lines: string[] = ['Where it stops scaling:'];
  for (const kind of ['create', 'read'] as const) {
    const rate = (s: Step) => s[kind].perSecond;
    const cpu = (s: Step) => (kind === 'create' ? s.createCpu : s.readCpu);
    let stop = steps.find((s, i) => i > 0 && rate(s) < rate(steps[i - 1]!) * 1.15);
    const what = kind === 'create' ? 'Ticket creation' : 'The read mix';
    if (!stop) {
      lines.push(`  ${what} still grows at ${steps.at(-1)!.webs} processes (${steps.map((s) => Math.round(rate(s))).join(' → ')} per s).`);
      stop = steps.at(-1)!;
    } else {
      lines.push(`  ${what} stops growing at ${stop.webs} web processes (${steps.map((s) => Math.round(rate(s))).join(' → ')} per s).`);
    }
    const c = cpu(stop);
    const web = c.webs.reduce((a, b) => a + b, 0);
    const accounted = web + c.postgres + c.nginx;
    const machineCores = (c.machine / 100) * cores * 100;
    const reason =
      c.machine >= 85
        ? `the ${cores} cores are saturated (${c.machine.toFixed(0)} % busy): web processes ${web.toFixed(0)} %, PostgreSQL ${c.postgres.toFixed(0)} %, nginx ${c.nginx.toFixed(0)} % of a core, and ${Math.max(0, machineCores - accounted).toFixed(0)} % for the load generator and everything else on the machine. More web processes only share the same cores.`
        : c.postgres >= 80
          ? `PostgreSQL is the bottleneck (${c.postgres.toFixed(0)} % of a core in the backends) while the machine is ${c.machine.toFixed(0)} % busy.`
          : `the CPU is not saturated (${c.machine.toFixed(0)} % busy; web ${web.toFixed(0)} %, PostgreSQL ${c.postgres.toFixed(0)} %): the processes wait — on commits (fsync) and row locks in PostgreSQL, or on the load generator.`;
    lines.push(`    At that point ${reason}`);
  }
  return lines;
}
