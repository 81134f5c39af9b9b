import { z } from 'zod';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { Executor } from '../../platform/db/database.ts';
import { enqueueOnce } from '../../platform/jobs/queue.ts';
import type { JobRegistrar } from '../../platform/worker-role.ts';
import { runTimeRules } from './time-rules.ts';

export const TIME_RULES_JOB = 'automation.time_rules';
/** How often the time rules run: every worker enqueues each slot, one of them runs it. */
export const TIME_RULES_EVERY_MS = 10 * 60_000;

const payloadSchema = z.object({ slot: z.string().min(1).max(40) });

/** The slot an instant falls in: the start of its ten minutes. */
export const slotOf = (at: Date) => new Date(Math.floor(at.getTime() / TIME_RULES_EVERY_MS) * TIME_RULES_EVERY_MS).toISOString();

export function timeRulesHandler(now: () => Date = () => new Date()): JobHandler {
  return async (payload, { db }) => {
    await runTimeRules(db, payloadSchema.parse(payload).slot, now());
  };
}

/**
 * Enqueues the time rules of the slot `at` falls in, unless that slot's job exists already:
 * every worker schedules each slot, and the slot's key makes it one job however many there are
 * (runTimeRules claiming the slot stays the guard for a job that is retried). Returns the new
 * job's id, or undefined when the slot was scheduled before.
 */
export function scheduleTimeRules(db: Executor, at: Date): Promise<number | undefined> {
  const slot = slotOf(at);
  return enqueueOnce(db, TIME_RULES_JOB, { slot }, `${TIME_RULES_JOB}:${slot}`);
}

/**
 * The worker runs the time rules periodically as durable jobs: each worker schedules the
 * current slot at start and every ten minutes, one job per slot in all.
 */
export const registerAutomationJobs: JobRegistrar = (runner, ctx) => {
  runner.register(TIME_RULES_JOB, timeRulesHandler());
  const schedule = () => {
    scheduleTimeRules(ctx.database.db, new Date()).catch((error: unknown) => ctx.log.warn({ err: error }, 'could not schedule the time rules'));
  };
  schedule();
  const timer = setInterval(schedule, TIME_RULES_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
};
