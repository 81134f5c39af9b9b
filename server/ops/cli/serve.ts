import { buildApp } from '../app.ts';
import type { Config } from '../../platform/config.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { EventBus } from '../../platform/events/event-bus.ts';
import { ProcessLag } from '../../platform/process-lag.ts';
import { startEventRelay } from '../../platform/events/pg-relay.ts';
import { createWorkerRole } from '../../platform/worker-role.ts';
import { registerMailJobs } from '../../modules/mail/mail-jobs.ts';
import { mailRole } from '../../modules/mail/mail-role.ts';
import { registerSlaJobs } from '../../modules/sla/sla-jobs.ts';
import { registerPendingReminderJobs } from '../../modules/pending-reminders/fire-pending-reminder.ts';
import { registerNotificationJobs } from '../../modules/notifications/agent-digest.ts';
import { registerRecentSearchIndex } from '../../modules/tickets/recent-search-index.ts';
import { registerAutomationJobs } from '../../modules/automation/automation-jobs.ts';
import { registerWebhookJobs } from '../../modules/webhooks/webhook-jobs.ts';
import type { Role } from '../../platform/roles.ts';
import { keepHeapCompact } from '../../platform/heap.ts';
import { eventSubscribers } from '../event-subscribers.ts';
import { parse, UsageError } from './args.ts';
import { openInstallation } from './open.ts';

const webRole: Role = async ({ config, database, events, lag }) => {
  const { app } = await buildApp({
    config,
    database,
    events,
    backpressure: { jobLagMs: () => lag.jobsMs() },
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
  });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Anlauf serves ${config.publicUrl} (listening on ${config.host}:${config.port}, ${database.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`);
  return () => app.close();
};

/** The roles one process can take; all of them by default. Areas add theirs here. */
export const SERVE_ROLES: Record<string, Role> = {
  web: webRole,
  worker: createWorkerRole(
    [registerMailJobs, registerNotificationJobs, registerSlaJobs, registerAutomationJobs, registerPendingReminderJobs, registerWebhookJobs, registerRecentSearchIndex],
    eventSubscribers,
  ),
  mail: mailRole,
};

export async function serve(args: string[]): Promise<number> {
  const { values } = parse(args, { roles: { type: 'string' } });
  const roles = (values.roles ?? Object.keys(SERVE_ROLES).join(','))
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !SERVE_ROLES[r]);
  if (unknown.length > 0) throw new UsageError(`unknown role "${unknown.join(', ')}"; choose from ${Object.keys(SERVE_ROLES).join(', ')}`);

  keepHeapCompact();
  const { config, database, boot } = await openInstallation(undefined, { serving: true });
  if (boot.admin) {
    console.log('');
    console.log('  First start: the administrator account was created.');
    console.log(`    E-mail:   ${boot.admin.email}`);
    if (boot.admin.generated) console.log(`    Password: ${boot.admin.password}   (shown once; change it after signing in)`);
    else console.log('    Password: the one in ANLAUF_ADMIN_PASSWORD');
    console.log('');
  }
  const events = new EventBus();
  const lag = new ProcessLag();
  // Processes on one PostgreSQL (web, mail intake, workers) share live events through LISTEN/NOTIFY.
  const stopRelay = await startEventRelay({ db: database.db, dialect: database.dialect, config, events });
  const stops: Array<() => Promise<void>> = [];
  for (const role of roles) stops.push(await SERVE_ROLES[role]!({ config, database, events, lag }));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const stop of stops.reverse()) await stop();
  await stopRelay();
  await database.destroy();
  return 0;
}
