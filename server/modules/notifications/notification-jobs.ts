import type { JobRegistrar } from '../../platform/jobs/worker-role.ts';
import { NOTIFY_TICKET_JOB } from './enqueue-ticket-notifications.ts';
import { notifyTicketHandler } from './notify-ticket.job.ts';

export const registerNotificationJobs: JobRegistrar = (runner, { config }) => {
  runner.register(NOTIFY_TICKET_JOB, notifyTicketHandler(config));
};
