import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { eventBacklog } from '../events/event-reading.ts';

export interface BackpressureOptions {
  db: Db;
  /** Domain events the slowest subscriber may be behind before writes are held back (0: not watched). */
  highWater: number;
  /**
   * The job lag of a worker in the same process (ProcessLag): writes are held back while its due
   * jobs have waited longer than `highMs`, until they wait no longer than `lowMs` (a fifth).
   */
  jobLag?: { ms: () => number; highMs: number; lowMs?: number };
  /** Writes run freely again once the backlog is down to this. */
  lowWater?: number;
  /** Writes that run at once while held back. */
  slots?: number;
  /** How often the backlog is read. */
  pollMs?: number;
  /** Writes that may wait for a slot; more are answered 429 (Retry-After: 1). */
  maxWaiting?: number;
  log?: { warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };
  /** Where the backlog and the held writes are shown (/metrics). */
  metrics?: client.Registry;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The longest pause between two writes while the worker's lag keeps growing: ten writes a second
 * at the least. With a second, the 16 clients of the benchmark waited in turn longer than their
 * 10 s, and 232 of their writes failed in five minutes.
 */
const MAX_GAP_MS = 100;
/** The first pause once a few writes at a time are still too many. */
const FIRST_GAP_MS = 4;

/**
 * Backpressure on writes. Every write (a ticket, a reply, a mail) causes background work:
 * notifications, SLA clocks, live updates, reports. When writes arrive faster than the workers
 * can follow — on a saturated machine the many request flows win the CPU and the database
 * connections — the backlog grows without bound and mails and live updates arrive minutes
 * late. So while the slowest subscriber is more than `highWater` events behind, writes run
 * `slots` at a time and the others wait their turn (reads are never held); once the backlog is
 * down to `lowWater`, they run freely again. Writes slow down; none is refused unless
 * `maxWaiting` are already waiting. Each web process holds its own writes back, reading the
 * backlog of all processes from the database.
 *
 * A worker in the same process shares the CPU with the requests, and its jobs (receipts and
 * notifications to send) fell behind alone while the domain events kept up: through `anlauf
 * serve` on SQLite at 16 connections, 1,100 tickets/s and about 950 jobs done per second, 41,000
 * jobs waiting after five minutes (`npm run bench:sustained`, 2026-12-02). So writes are held
 * back too while its due jobs wait longer than `jobLag.highMs`.
 */
export function registerWriteBackpressure(
  app: FastifyInstance,
  options: BackpressureOptions,
): { state(): { engaged: boolean; backlog: number; jobLagMs: number; running: number; waiting: number; gapMs: number } } {
  const { db, highWater, log } = options;
  const lowWater = options.lowWater ?? Math.floor(highWater / 4);
  const slots = options.slots ?? 2;
  const maxWaiting = options.maxWaiting ?? 1024;
  let engaged = false;
  let backlog = 0;
  let lagMs = 0;
  const lagHigh = options.jobLag?.highMs ?? Infinity;
  const lagLow = options.jobLag?.lowMs ?? lagHigh / 5;
  let running = 0;
  const waiting: Array<() => void> = [];
  /**
   * While held back, the pause between the starts of two writes. A few writes at a time were not
   * always few enough: at 1,000,000 demo tickets on PostgreSQL, where each ticket mails nine
   * people, two slots still let 91–121 tickets/s through while the worker sent 540–650 mails/s,
   * and 122,755 jobs waited after five minutes. So while the worker's lag still grows from one
   * look to the next, the pause doubles (up to MAX_GAP_MS); while it shrinks, it halves, down to
   * none: writes settle at the pace the worker keeps.
   */
  let gapMs = 0;
  let previousLagMs = 0;
  let lastStart = 0;

  const wakeAll = () => {
    for (const wake of waiting.splice(0)) wake();
  };
  const poll = async () => {
    try {
      backlog = highWater > 0 ? await eventBacklog(db, { workingOnly: true }) : 0;
    } catch (error) {
      // A database that does not answer fails the writes themselves; don't hold them too.
      log?.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not read the event backlog');
      backlog = 0;
    }
    lagMs = options.jobLag?.ms() ?? 0;
    if (engaged && lagMs > lagHigh && lagMs > previousLagMs) gapMs = Math.min(MAX_GAP_MS, Math.max(FIRST_GAP_MS, gapMs * 2));
    else if (lagMs < previousLagMs || !engaged) gapMs = gapMs >= 2 * FIRST_GAP_MS ? Math.floor(gapMs / 2) : 0;
    previousLagMs = lagMs;
    if (!engaged && ((highWater > 0 && backlog > highWater) || lagMs > lagHigh)) {
      engaged = true;
      log?.warn({ backlog, jobLagMs: lagMs, slots }, 'background work is behind: writes run a few at a time until it catches up');
    } else if (engaged && backlog <= lowWater && lagMs <= lagLow) {
      engaged = false;
      gapMs = 0;
      log?.info({ backlog, jobLagMs: lagMs }, 'background work caught up: writes run freely again');
      wakeAll();
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      polling = poll().finally(schedule);
    }, options.pollMs ?? 500);
    timer.unref();
  };
  app.addHook('onReady', async () => {
    await poll();
    schedule();
  });
  app.addHook('onClose', async () => {
    closed = true;
    clearTimeout(timer);
    await polling;
    engaged = false;
    wakeAll();
  });

  const releases = new WeakMap<FastifyRequest, () => void>();
  const release = (request: FastifyRequest, reply: FastifyReply) => {
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      running--;
      waiting.shift()?.();
    };
    releases.set(request, done);
    // 'close' also comes when the client went away before the response.
    reply.raw.once('close', done);
  };
  app.addHook('onResponse', async (request) => releases.get(request)?.());
  app.addHook('onRequest', async (request, reply) => {
    if (READS.has(request.method)) return;
    let first = true;
    for (;;) {
      while (engaged && running >= slots) {
        if (waiting.length >= maxWaiting) {
          void reply.header('retry-after', '1');
          throw new AppError('rate_limited', 'The helpdesk is catching up with its background work; try again in a moment.');
        }
        // One that was woken but lost its slot to a newcomer keeps its place at the front.
        await new Promise<void>((resolve) => (first ? waiting.push(resolve) : waiting.unshift(resolve)));
        first = false;
        // The client gave up while its write waited (its own timeout, a proxy's): the write is not
        // run and its turn goes to the next. Run, it would make a ticket nobody is told of (the
        // client tries again: a duplicate) and take the slot of a write someone still waits for;
        // at 1,000,000 demo tickets, where writes waited longer than the clients' 10 s, every
        // write run was one whose client had left, and none succeeded for 30 s.
        if (request.raw.socket?.destroyed) {
          waiting.shift()?.();
          void reply.hijack();
          return;
        }
      }
      // Held back and still too fast for the worker: writes start gapMs apart.
      const pause = engaged && gapMs > 0 ? gapMs - (Date.now() - lastStart) : 0;
      if (pause <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
      if (request.raw.socket?.destroyed) {
        void reply.hijack();
        return;
      }
    }
    lastStart = Date.now();
    running++;
    release(request, reply);
  });
  if (options.metrics) {
    const registers = [options.metrics];
    new client.Gauge({
      name: 'anlauf_event_backlog',
      help: 'Domain events the slowest working subscriber is behind',
      registers,
      collect() {
        this.set(backlog);
      },
    });
    new client.Gauge({
      name: 'anlauf_job_lag_seconds',
      help: 'How long the due jobs of the worker in this process have waited (0 when it keeps up)',
      registers,
      collect() {
        this.set(lagMs / 1000);
      },
    });
    new client.Gauge({
      name: 'anlauf_writes_held',
      help: '1 while writes run a few at a time (backpressure)',
      registers,
      collect() {
        this.set(engaged ? 1 : 0);
      },
    });
    new client.Gauge({
      name: 'anlauf_writes_waiting',
      help: 'Writes waiting for a slot',
      registers,
      collect() {
        this.set(waiting.length);
      },
    });
  }
  return { state: () => ({ engaged, backlog, jobLagMs: lagMs, running, waiting: waiting.length, gapMs }) };
}
