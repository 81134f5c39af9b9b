import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../server/platform/db/database.ts';
import { eventBacklog } from '../server/platform/events/event-reading.ts';
import { drive } from './drive.ts';
import type { LoadClientResult } from './load-client.ts';
import type { ServedProcess } from './served.ts';

/**
 * Ticket creation through `anlauf serve` held for minutes, with the work it leaves behind: what
 * `npm run bench` and `npm run bench:sustained` both measure.
 */

/** An SMTP server that accepts and forgets every mail: outgoing mail is work the worker must finish. */
export async function startDiscardingSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received: () => count, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Backlog {
  /** Jobs due or running (SLA timers due later are scheduled, not waiting). */
  queued: number;
  done: number;
  failed: number;
  eventsBehind: number;
}

/** The job queue and the slowest subscriber's event backlog, read from the database. */
export async function backlog(db: Db): Promise<Backlog> {
  // SLA timers wait for their due time (minutes or hours ahead): scheduled, not a backlog.
  const now = new Date().toISOString();
  const jobs = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('run_at', '>', now).then(1).else(0).end()).as('later')])
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(jobs.find((j) => j.status === status)?.n ?? 0);
  const scheduled = Number(jobs.find((j) => j.status === 'queued')?.later ?? 0);
  return {
    queued: count('queued') - scheduled + count('running'),
    done: count('done'),
    failed: count('failed'),
    eventsBehind: await eventBacklog(db),
  };
}

/** The process's read and write system calls and bytes so far (/proc/PID/io, all threads): SQLite's page reads beyond its cache show here. */
function io(pid: number): { reads: number; readBytes: number; writes: number; writtenBytes: number } {
  const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { reads: field('syscr'), readBytes: field('rchar'), writes: field('syscw'), writtenBytes: field('wchar') };
}

/** I/O between two readings of io(), per ticket created in between. */
function ioPerTicket(before: ReturnType<typeof io>, after: ReturnType<typeof io>, tickets: number): string {
  const per = (n: number) => (tickets > 0 ? n / tickets : 0).toFixed(1);
  const kb = (bytes: number) => per(bytes / 1024);
  return `I/O per ticket ${per(after.reads - before.reads)} reads (${kb(after.readBytes - before.readBytes)} kB), ${per(after.writes - before.writes)} writes (${kb(after.writtenBytes - before.writtenBytes)} kB)`;
}

/** The server's own view of its memory (prom-client's default metrics): where the RSS goes. */
export async function heapMb(url: string, adminToken: string): Promise<string> {
  const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } }).then(
    (r) => (r.ok ? r.text() : ''),
    () => '',
  );
  const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
  return `heap ${metric('nodejs_heap_size_used_bytes').toFixed(0)}/${metric('nodejs_heap_size_total_bytes').toFixed(0)} MB, external ${metric('nodejs_external_memory_bytes').toFixed(0)} MB`;
}

export interface Slice {
  result: LoadClientResult;
  /** Jobs finished per second during the slice. */
  jobsDonePerSecond: number;
  /** The queue and backlog right after the slice. */
  state: Backlog;
}

/**
 * Creates tickets through the served process with autocannon in `slices` runs of `sliceSeconds`
 * each, reading the job queue and event backlog after every run and printing a line per slice.
 * `adminToken` reads the server's memory from /metrics.
 */
export async function createInSlices(
  server: ServedProcess,
  db: Db,
  options: { slices: number; sliceSeconds: number; connections: number; token: string; adminToken: string; bodies: unknown[] },
): Promise<{ slices: Slice[]; created: number; peakRssMb: number }> {
  const slices: Slice[] = [];
  let created = 0;
  let peakRssMb = 0;
  let doneBefore = (await backlog(db)).done;
  for (let n = 1; n <= options.slices; n++) {
    const ioBefore = io(server.pid);
    const result = await drive({
      url: server.url,
      path: '/api/v1/tickets',
      connections: options.connections,
      durationSeconds: options.sliceSeconds,
      headers: { authorization: `Bearer ${options.token}` },
      bodies: options.bodies,
    });
    created += result.ok;
    const state = await backlog(db);
    peakRssMb = Math.max(peakRssMb, server.rssMb('peak'));
    // Jobs finished in this slice per second, beside the jobs the slice's tickets queued.
    const jobsDonePerSecond = (state.done - doneBefore) / options.sliceSeconds;
    doneBefore = state.done;
    slices.push({ result, jobsDonePerSecond, state });
    console.log(
      `  slice ${n}/${options.slices}: ${Math.round(result.perSecond)} tickets/s (${result.non2xx} non-2xx, ${result.errors} errors), jobs waiting ${state.queued}, done ${state.done} (${jobsDonePerSecond.toFixed(0)}/s), failed ${state.failed}, events behind ${state.eventsBehind}, RSS ${server.rssMb().toFixed(0)} MB (${await heapMb(server.url, options.adminToken)}), ${ioPerTicket(ioBefore, io(server.pid), result.ok)}`,
    );
  }
  return { slices, created, peakRssMb };
}

/** Waits until no job is due and no event is behind, at most `maxMs`; returns how long it took and what was left. */
export async function waitForDrain(db: Db, maxMs = 180_000): Promise<{ seconds: number; left: Backlog }> {
  const stopped = Date.now();
  let left = await backlog(db);
  while (Date.now() - stopped < maxMs && (left.queued > 0 || left.eventsBehind > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    left = await backlog(db);
  }
  return { seconds: (Date.now() - stopped) / 1000, left };
}
