import { backoffMs } from '../backoff.ts';
import type { Logger } from 'pino';
import { type Db, type Dialect, nowIso } from '../db/database.ts';
import type { JobsTable } from '../db/schema.ts';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Database } from '../db/schema.ts';

export type JobRow = Selectable<JobsTable>;

export interface JobContext {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  db: Db;
  dialect: Dialect;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

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
}

/**
 * Runs due jobs of the kinds registered here. Several runners (in one or many processes) may
 * poll the same table: a job is claimed by one UPDATE that sets its lock, so two workers never
 * run it at the same time (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite serialises writers).
 * A job whose lock expired (its worker died) is claimed again.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  /** Kind → its own lane; kinds without one share the default loops. */
  private readonly lanes = new Map<string, string>();
  private readonly options: Required<Omit<RunnerOptions, 'log'>> & Pick<RunnerOptions, 'log'>;
  private running = false;
  private loops: Array<Promise<void>> = [];
  private wake: (() => void) | undefined;

  constructor(options: RunnerOptions) {
    this.options = {
      concurrency: 4,
      lockSeconds: 120,
      idleMs: 500,
      backoffBaseMs: 30_000,
      ...options,
    };
  }

  /**
   * Registers the handler of a job kind. A kind in a `lane` gets a loop of its own besides the
   * shared ones, so it never waits only behind a backlog of other kinds: mail intake keeps
   * moving while thousands of outgoing mails are queued.
   */
  register(kind: string, handler: JobHandler, options: { lane?: string } = {}): this {
    this.handlers.set(kind, handler);
    if (options.lane) this.lanes.set(kind, options.lane);
    else this.lanes.delete(kind);
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
    if (kinds.length === 0) return undefined;
    const { db, dialect, lockSeconds } = this.options;
    const now = nowIso();
    const lockedUntil = new Date(Date.now() + lockSeconds * 1000).toISOString();
    const pg = dialect === 'postgres';
    // Two index-friendly lookups (status, run_at) instead of one OR: due queued jobs first, then
    // jobs whose worker died (lock expired).
    const due = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'queued')
        .where('run_at', '<=', now)
        .where('kind', 'in', kinds)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .$if(pg, (qb) => qb.forUpdate().skipLocked());
    const expired = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'running')
        .where('locked_until', '<', now)
        .where('kind', 'in', kinds)
        .orderBy('run_at')
        .orderBy('id')
        .limit(1)
        .$if(pg, (qb) => qb.forUpdate().skipLocked());
    return db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), locked_until: lockedUntil, updated_at: now }))
      .where('id', '=', (eb) => eb.fn.coalesce(due(eb), expired(eb)))
      .returningAll()
      .executeTakeFirst();
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
      await db.updateTable('jobs').set({ status: 'done', locked_until: null, updated_at: now }).where('id', '=', job.id).execute();
      return 'done';
    }
    const message = error instanceof Error ? error.message : String(error);
    const lastError = `attempt ${job.attempts}: ${message}`.slice(0, 4000);
    if (job.attempts >= job.max_attempts) {
      await db.updateTable('jobs').set({ status: 'failed', locked_until: null, last_error: lastError, updated_at: now }).where('id', '=', job.id).execute();
      this.options.log?.error({ jobId: job.id, kind: job.kind, err: message }, 'job failed for good');
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

  start(): void {
    if (this.running) return;
    this.running = true;
    // The shared loops take any kind, oldest first; each lane adds a loop of its own on top.
    const laned = [...this.lanes.keys()];
    const ownLanes = [...new Set(this.lanes.values())].map((lane) => laned.filter((k) => this.lanes.get(k) === lane));
    this.loops = [...Array.from({ length: this.options.concurrency }, () => this.loop(this.kinds())), ...ownLanes.map((kinds) => this.loop(kinds))];
  }

  /** Lets the current jobs finish, then stops polling. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Asks idle loops to poll now (e.g. right after this process enqueued a job). */
  poke(): void {
    this.wake?.();
  }

  private async loop(kinds: string[]): Promise<void> {
    if (kinds.length === 0) return;
    while (this.running) {
      let job: JobRow | undefined;
      try {
        job = await this.claim(kinds);
        if (job) await this.execute(job);
      } catch (error) {
        this.options.log?.error({ err: error instanceof Error ? error.message : String(error) }, 'job runner could not poll');
        job = undefined;
      }
      if (!job && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.options.idleMs);
          const previous = this.wake;
          function done() {
            clearTimeout(timer);
            resolve();
          }
          this.wake = () => {
            previous?.();
            done();
          };
        });
        this.wake = undefined;
      }
    }
  }
}
