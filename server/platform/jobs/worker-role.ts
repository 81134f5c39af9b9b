import pino, { type Logger } from 'pino';
import type { Role, RoleContext } from '../../ops/cli/serve.ts';
import { JobRunner } from './runner.ts';

/** An area's hook into the worker: registers its job handlers, may return a clean-up. */
export type JobRegistrar = (runner: JobRunner, ctx: RoleContext & { log: Logger }) => (() => void | Promise<void>) | void;

/**
 * The `worker` serve role: one JobRunner with the handlers the entry point hands in (the engine
 * itself knows no area). Several worker processes may run against one PostgreSQL.
 */
export function createWorkerRole(registrars: JobRegistrar[]): Role {
  return async (ctx) => {
    const log = pino({ level: ctx.config.logLevel, name: 'worker' });
    const runner = new JobRunner({
      db: ctx.database.db,
      dialect: ctx.database.dialect,
      log,
      concurrency: Number(process.env.ANLAUF_WORKER_CONCURRENCY) || (ctx.database.dialect === 'sqlite' ? 2 : 4),
    });
    const cleanups = registrars.map((register) => register(runner, { ...ctx, log })).filter((c) => c !== undefined);
    runner.start();
    log.info({ kinds: runner.kinds() }, 'worker started');
    return async () => {
      await runner.stop();
      for (const cleanup of cleanups) await cleanup();
    };
  };
}
