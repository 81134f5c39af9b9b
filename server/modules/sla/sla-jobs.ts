import type { JobRegistrar } from '../../platform/worker-role.ts';
import { checkSlaClockHandler, SLA_CHECK_JOB } from './check-sla-clock.ts';

/** The SLA's timer jobs, run by the worker with the real clock. */
export const registerSlaJobs: JobRegistrar = (runner) => {
  runner.register(SLA_CHECK_JOB, checkSlaClockHandler());
};
