import os from 'node:os';
import { backoffMs } from '../backoff.ts';
import type { Logger } from 'pino';
import { type Db, type Dialect, nowIso } from '../db/database.ts';
import { listParameter } from '../db/prepared.ts';
import { type ClaimParams, claimQueryFor, type JobRow, markJobsDone } from './claim-queries.ts';

export type { JobRow } from './claim-queries.ts';

export interface JobContext {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  db: Db;
  dialect: Dialect;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/**
 * Called once when a job of the kind has failed for good (its last attempt failed, or its
 * workers kept stopping while they ran it and no attempt is left), with the last error: for
 * what the job stood for to be set aside where people look, not left waiting for ever.
 */
export type GiveUpHandler = (payload: unknown, ctx: { db: Db; reason: string }) => Promise<void>;

export interface RunnerOptions {
  db: Db;
  dialect: Dialect;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Jobs run at the same time in this process. */
  concurrency?: number;
  /** How long a claimed job stays locked; a worker that dies leaves it to others after this. */
  lockSeconds?: number;
  /** Pause between polls when the queue is empty. */
  idleMs?: number;
  /** First retry delay; doubles with each attempt, capped at one hour. */
  backoffBaseMs?: number;
  /** Recorded in `claimed_by` of the jobs this runner claims; host:pid by default. */
  workerId?: string;
}

/**
 * How long an idle loop that was woken waits before it claims: under steady load (a ticket a
 * millisecond, a notification job each) the runner claimed one job per statement, each a commit
 * on SQLite (27,000 claims for 25,000 jobs in two minutes); gathered, a claim takes several.
 */
const CLAIM_GATHER_MS = 10;

/** How long the wait seen at a claim stands for the runner's lag (lagMs) without a newer claim. */
const LAG_FRESH_MS = 10_000;

/**
 * Runs due jobs of the kinds registered here. Several runners (in one or many processes) may
 * poll the same table: a job is claimed by one UPDATE that sets its lock, so two workers never
 * run it at the same time (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite serialises writers).
 * A job whose lock expired (its worker died) is claimed again.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly giveUps = new Map<string, GiveUpHandler>();
  /** Kind → its own lane; kinds without one share the default loops. */
  private readonly lanes = new Map<string, string>();
  /** Lane → the jobs its loop runs side by side (1 unless a kind of it asked for more). */
  private readonly laneSlots = new Map<string, number>();
  private readonly options: Required<Omit<RunnerOptions, 'log'>> & Pick<RunnerOptions, 'log'>;
  private running = false;
  private loops: Array<Promise<void>> = [];
  private readonly wakers = new Set<() => void>();
  private doneIds: number[] = [];
  private flushing: Promise<void> | undefined;
  /** Per loop: how long the oldest job of its last claim had waited since it was due, and when that claim was. */
  private readonly lastClaim = new Map<object, { waitedMs: number; at: number }>();

  constructor(options: RunnerOptions) {
    this.options = {
      concurrency: 4,
      lockSeconds: 120,
      idleMs: 500,
      backoffBaseMs: 30_000,
      workerId: `${os.hostname()}:${process.pid}`,
      ...options,
    };
  }

  /**
   * Registers the handler of a job kind. A kind in a `lane` gets a loop of its own besides the
   * shared ones, so it never waits only behind a backlog of other kinds: mail intake keeps
   * moving while thousands of outgoing mails are queued. The lane's loop runs `laneSlots` of
   * its jobs side by side (1): more for jobs that mostly wait and leave the database alone.
   */
  register(kind: string, handler: JobHandler, options: { lane?: string; laneSlots?: number; onGiveUp?: GiveUpHandler } = {}): this {
    this.handlers.set(kind, handler);
    if (options.onGiveUp) this.giveUps.set(kind, options.onGiveUp);
    else this.giveUps.delete(kind);
    if (options.lane) {
      this.lanes.set(kind, options.lane);
      this.laneSlots.set(options.lane, Math.max(this.laneSlots.get(options.lane) ?? 1, options.laneSlots ?? 1));
    } else this.lanes.delete(kind);
    return this;
  }

  /** Applies `then` when `condition` holds (for optional registrations in a chain). */
  $if(condition: boolean, then: (runner: this) => this): this {
    return condition ? then(this) : this;
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Claims one due job of the given registered kinds (all by default), or undefined when none is due. */
  async claim(kinds: string[] = this.kinds()): Promise<JobRow | undefined> {
    return (await this.claimBatch(kinds, 1))[0];
  }

  /**
   * Claims up to `limit` jobs in one statement: due queued jobs oldest first, and when fewer are
   * due, jobs whose worker died (lock expired). One claim per batch rather than per job keeps
   * the worker moving while requests hold the database most of the time.
   */
  async claimBatch(kinds: string[], limit: number, options: { expired?: boolean } = {}): Promise<JobRow[]> {
    if (kinds.length === 0 || limit < 1) return [];
    const jobs = await this.claimWhere(kinds, limit, 'queued');
    if (jobs.length < limit && options.expired !== false) jobs.push(...(await this.claimWhere(kinds, limit - jobs.length, 'running')));
    return jobs;
  }

  /** 'queued': due jobs, the oldest of each kind first; 'running': jobs whose lock expired (claim-queries.ts). */
  private async claimWhere(kinds: string[], limit: number, status: 'queued' | 'running'): Promise<JobRow[]> {
    const { db, dialect, lockSeconds } = this.options;
    const now = nowIso();
    const params: ClaimParams = {
      now,
      lockedUntil: new Date(Date.now() + lockSeconds * 1000).toISOString(),
      workerId: this.options.workerId,
      // One statement text whatever the kinds (a list for IN would make one per count).
      kinds: listParameter(kinds, dialect),
      limit,
    };
    const rows = await claimQueryFor(status).execute(db, params);
    return rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id - b.id));
  }

  /** Runs one claimed job and records the outcome: done, queued again later, or failed. */
  async execute(job: JobRow): Promise<'done' | 'retry' | 'failed'> {
    const { db, dialect, backoffBaseMs } = this.options;
    const handler = this.handlers.get(job.kind);
    let error: unknown;
    if (job.attempts > job.max_attempts) error = new Error('The worker running this job stopped and it has no attempts left.');
    else if (!handler) error = new Error(`No handler for job kind ${job.kind}.`);
    else {
      const stopRenewing = this.renewLock(job.id);
      try {
        await handler(JSON.parse(job.payload), { jobId: job.id, attempt: job.attempts, db, dialect });
      } catch (e) {
        error = e;
      } finally {
        stopRenewing();
      }
    }
    const now = nowIso();
    if (error === undefined) {
      await this.markDone(job.id);
      return 'done';
    }
    const message = error instanceof Error ? error.message : String(error);
    const lastError = `attempt ${job.attempts}: ${message}`.slice(0, 4000);
    if (job.attempts >= job.max_attempts) {
      await db.updateTable('jobs').set({ status: 'failed', locked_until: null, last_error: lastError, updated_at: now }).where('id', '=', job.id).execute();
      this.options.log?.error({ jobId: job.id, kind: job.kind, err: message }, 'job failed for good');
      await this.giveUps
        .get(job.kind)?.(JSON.parse(job.payload), { db, reason: `${message} (${job.attempts} attempts)` })
        .catch((e: unknown) => this.options.log?.error({ jobId: job.id, kind: job.kind, err: e instanceof Error ? e.message : String(e) }, 'giving up a job failed'));
      return 'failed';
    }
    const runAt = new Date(Date.now() + backoffMs(job.attempts, backoffBaseMs)).toISOString();
    await db.updateTable('jobs').set({ status: 'queued', locked_until: null, run_at: runAt, last_error: lastError, updated_at: now }).where('id', '=', job.id).execute();
    this.options.log?.warn({ jobId: job.id, kind: job.kind, err: message, runAt }, 'job failed, will retry');
    return 'retry';
  }

  /**
   * Keeps a running job's lock from expiring while this process is alive: without it a job
   * that takes longer than the lock (a slow SMTP server, a busy machine) was claimed again by
   * another worker and ran twice — a notification mail went out twice. Only a vanished
   * worker's jobs come back now.
   */
  private renewLock(jobId: number): () => void {
    const { db, lockSeconds } = this.options;
    const timer = setInterval(
      () => {
        db.updateTable('jobs')
          .set({ locked_until: new Date(Date.now() + lockSeconds * 1000).toISOString() })
          .where('id', '=', jobId)
          .where('status', '=', 'running')
          .execute()
          .catch((error: unknown) => this.options.log?.warn({ jobId, err: error instanceof Error ? error.message : String(error) }, 'could not renew a job lock'));
      },
      (lockSeconds * 1000) / 4,
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Runs due jobs until none is left (tests and one-shot commands use this). */
  async drain(): Promise<number> {
    let count = 0;
    for (let job = await this.claim(); job; job = await this.claim()) {
      await this.execute(job);
      count++;
    }
    return count;
  }

  /**
   * Runs due jobs as the started worker does — claimed in batches, up to `concurrency` side by
   * side — until none is due and none is running; returns how many ran (the bench measures the
   * worker's throughput with it).
   */
  async drainConcurrently(): Promise<number> {
    let count = 0;
    await this.loop(this.kinds(), this.options.concurrency, {
      untilIdle: true,
      onClaimed: (n) => (count += n),
    });
    return count;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The shared loops take any kind, oldest first; each lane adds a loop of its own on top.
    const laned = [...this.lanes.keys()];
    const ownLanes = [...new Set(this.lanes.values())].map((lane) => ({ kinds: laned.filter((k) => this.lanes.get(k) === lane), slots: this.laneSlots.get(lane) ?? 1 }));
    this.loops = [this.loop(this.kinds(), this.options.concurrency), ...ownLanes.map(({ kinds, slots }) => this.loop(kinds, slots))];
  }

  /**
   * How far behind its due jobs this runner is, in milliseconds: how long the oldest job of each
   * loop's last claim had waited since it was due (the largest of them), 0 once a claim found
   * none. A process whose requests win the CPU from its worker holds writes back on this
   * (http/write-backpressure.ts). It needs no query, and counts only what this runner claims:
   * jobs of kinds no process here runs do not make it look behind, nor does a job that runs
   * long. A claim older than LAG_FRESH_MS no longer counts.
   */
  lagMs(): number {
    const now = Date.now();
    let most = 0;
    for (const { waitedMs, at } of this.lastClaim.values()) if (now - at <= LAG_FRESH_MS) most = Math.max(most, waitedMs);
    return most;
  }

  /** Lets the current jobs finish, then stops polling. */
  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Asks idle loops to poll now (e.g. right after this process enqueued a job). */
  poke(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /**
   * Done marks of jobs that finish close together go into one statement: the first one waits a
   * turn of the event loop for the others to join it (jobs that only use the database, claimed
   * together, all end in the same turn). Not longer: the job's slot stays taken until then.
   */
  private markDone(id: number): Promise<void> {
    this.doneIds.push(id);
    this.flushing ??= (async () => {
      try {
        await new Promise((resolve) => setImmediate(resolve));
        while (this.doneIds.length > 0) {
          const ids = this.doneIds.splice(0, 500);
          await markJobsDone.execute(this.options.db, { ids: listParameter(ids, this.options.dialect), now: nowIso() });
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  /**
   * Keeps up to `slots` jobs of `kinds` running: claims as many as there are free slots in one
   * statement and starts them side by side (a mail waits for the SMTP server, not for the
   * previous mail), and claims again as soon as one finishes.
   */
  private async loop(kinds: string[], slots: number, drain?: { untilIdle: true; onClaimed: (n: number) => void }): Promise<void> {
    if (kinds.length === 0 || slots < 1) return;
    const active = new Set<Promise<unknown>>();
    // A lock expires only lockSeconds after its worker vanished: looking for such jobs a few
    // times per lock period is enough, rather than with every claim (one more write each).
    let expiredLookedAt = 0;
    while (drain || this.running) {
      let claimed: JobRow[] = [];
      const asked = slots - active.size;
      try {
        const expired = Date.now() - expiredLookedAt >= (this.options.lockSeconds * 1000) / 8;
        if (expired) expiredLookedAt = Date.now();
        claimed = await this.claimBatch(kinds, asked, { expired });
      } catch (error) {
        this.options.log?.error({ err: error instanceof Error ? error.message : String(error) }, 'job runner could not poll');
      }
      drain?.onClaimed(claimed.length);
      if (claimed.length === 0) this.lastClaim.delete(active);
      else {
        const now = Date.now();
        this.lastClaim.set(active, { waitedMs: Math.max(0, now - Math.min(...claimed.map((job) => Date.parse(job.run_at)))), at: now });
      }
      if (drain && claimed.length === 0) {
        if (active.size === 0) break;
        await Promise.race(active);
        continue;
      }
      for (const job of claimed) {
        const run: Promise<unknown> = this.execute(job)
          .catch((error: unknown) => this.options.log?.error({ jobId: job.id, err: error instanceof Error ? error.message : String(error) }, 'job runner could not record a job'))
          .finally(() => active.delete(run));
        active.add(run);
      }
      if (!drain && !this.running) break;
      if (drain) {
        if (active.size >= slots) await Promise.race(active);
      } else if (claimed.length === asked) {
        // A backlog: claim again once half the slots are free, all of them in one statement,
        // rather than one job per statement as each one ends (a claim is a commit of its own).
        while (active.size > Math.floor(slots / 2)) await Promise.race(active);
      } else {
        // None left that is due: wait for a job to end (it may have queued more), a poke or the
        // poll interval, then a moment more, so that jobs queued meanwhile are claimed together.
        await this.idle([...active]);
        await new Promise((resolve) => setTimeout(resolve, CLAIM_GATHER_MS));
      }
    }
    await Promise.all(active);
    this.lastClaim.delete(active);
  }

  /** Waits for the idle interval, a poke, or `other` (a running job finishing), whichever comes first. */
  private async idle(other: Array<Promise<unknown>>): Promise<void> {
    let wake!: () => void;
    const poked = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(wake, this.options.idleMs);
    this.wakers.add(wake);
    try {
      await Promise.race([poked, ...other]);
    } finally {
      clearTimeout(timer);
      this.wakers.delete(wake);
    }
  }
}
