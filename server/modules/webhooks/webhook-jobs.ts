import type { JobRegistrar } from '../../platform/worker-role.ts';
import { deliverWebhookHandler, WEBHOOK_DELIVERY_JOB } from './deliver-webhook.job.ts';

/** The webhooks area's job: delivering one signed POST. */
export const registerWebhookJobs: JobRegistrar = (runner, { config }) => {
  runner.register(WEBHOOK_DELIVERY_JOB, deliverWebhookHandler({ dataDir: config.dataDir, allowPrivate: config.webhookAllowPrivate }));
};
