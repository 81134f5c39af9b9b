import pino, { type Logger } from 'pino';
import { EventDispatcher, type Subscriber } from './events/dispatcher.ts';
import type { Role, RoleContext } from './roles.ts';
import { JobRunner } from './jobs/runner.ts';
import { PRUNE_JOBS_EVERY_MS, pruneJobs } from './jobs/prune-jobs.ts';
import { KEEP_PG_STATISTICS_EVERY_MS, keepPgStatistics } from './db/pg-statistics.ts';
import { repeatInBackground } from './jobs/periodic.ts';

/** An area's hook into the worker: registers its job handlers, may return a clean-up. */
export type JobRegistrar = (runner: JobRunner, ctx: RoleContext & { log: Logger }) => (() => void | Promise<void>) | void;

/** Jobs a worker process runs at once unless ANLAUF_WORKER_CONCURRENCY says otherwise. */
export const DEFAULT_WORKER_CONCURRENCY = 32;

/**
 * The `worker` serve role: one JobRunner with the handlers the entry point hands in, and the
 * domain-event dispatcher with the subscribers it hands in (the engines themselves know no
 * area). Several worker processes may run against one PostgreSQL.
 */
export function createWorkerRole(registrars: JobRegistrar[], subscribers: (ctx: RoleContext) => Subscriber[]): Role {
  return async (ctx) => {
    const log = pino({ level: ctx.config.logLevel, name: 'worker' });
    const runner = new JobRunner({
      db: ctx.database.db,
      dialect: ctx.database.dialect,
      log,
      // Jobs in flight at once: mostly mails waiting for the SMTP server (in a thread of their
      // own), so many slots cost little and keep sending up with ticket creation.
      concurrency: ctx.config.workerConcurrency ?? DEFAULT_WORKER_CONCURRENCY,
      lockSeconds: ctx.config.jobLockSeconds,
    });
    const cleanups = registrars.map((register) => register(runner, { ...ctx, log })).filter((c) => c !== undefined);
    const subscribed = subscribers(ctx);
    const dispatcher = new EventDispatcher({ db: ctx.database.db, dialect: ctx.database.dialect, databaseUrl: ctx.config.databaseUrl, subscribers: subscribed, log });
    const removeLag = ctx.lag.add(() => runner.lagMs());
    runner.start();
    await dispatcher.start();
    // Every ticket leaves a few finished jobs behind: prune them hourly.
    const stopPruning = repeatInBackground(() => pruneJobs(ctx.database.db, new Date()).then(() => undefined), {
      everyMs: PRUNE_JOBS_EVERY_MS,
      onError: (error) => log.warn({ err: error }, 'could not prune finished jobs'),
    });
    // Where PostgreSQL's autovacuum is off, what it would do (pg-statistics.ts).
    const stopMaintaining =
      ctx.database.dialect === 'postgres'
        ? repeatInBackground(
            async () => {
              const done = await keepPgStatistics(ctx.database.db);
              if (done.analysed.length + done.vacuumed.length > 0) log.info(done, 'autovacuum is off: analysed and vacuumed tables');
            },
            { everyMs: KEEP_PG_STATISTICS_EVERY_MS, onError: (error) => log.warn({ err: error }, 'could not analyse or vacuum tables') },
          )
        : undefined;
    log.info({ kinds: runner.kinds(), subscribers: subscribed.map((s) => s.name) }, 'worker started');
    return async () => {
      await stopPruning();
      await stopMaintaining?.();
      removeLag();
      await dispatcher.stop();
      await runner.stop();
      for (const cleanup of cleanups) await cleanup();
    };
  };
}
