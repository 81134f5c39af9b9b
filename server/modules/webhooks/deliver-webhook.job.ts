import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import { decryptSecret } from '../../platform/secret-box.ts';
import { assertDeliverableHost, guardedLookup, RefusedTarget } from './target-address.ts';
import { pruneDeliveries, webhookKey } from './webhooks.queries.ts';

export const WEBHOOK_DELIVERY_JOB = 'webhook.deliver';
/** One delivery: the exact bytes to send (retries send the same body, so its signature holds). */
export interface WebhookDeliveryPayload {
  webhookId: number;
  event: string;
  body: string;
  /** "Send test" from the admin screen: delivered even while the webhook is inactive. */
  test?: boolean;
}
export const WEBHOOK_MAX_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 300;

export const signatureOf = (secret: string, body: string) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;

interface Outcome {
  statusCode: number | null;
  error: string | null;
  excerpt: string | null;
  /** Worth another attempt later (network error, 5xx, 408, 429). */
  retry: boolean;
}

/** One POST, no redirects followed, 10 s at most, only the start of the answer read. */
function post(url: URL, headers: Record<string, string>, body: string, allowPrivate: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method: 'POST', headers, lookup: guardedLookup(allowPrivate), signal: AbortSignal.timeout(TIMEOUT_MS) }, (response) => {
      const status = response.statusCode ?? 0;
      let excerpt = '';
      response.setEncoding('utf8');
      const finish = () => {
        const ok = status >= 200 && status < 300;
        resolve({ statusCode: status, error: ok ? null : `HTTP ${status}`, excerpt: excerpt || null, retry: status >= 500 || status === 408 || status === 429 });
      };
      response.on('data', (chunk: string) => {
        excerpt += chunk;
        if (excerpt.length >= EXCERPT_CHARS) {
          excerpt = excerpt.slice(0, EXCERPT_CHARS);
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', finish);
    });
    request.on('error', (error) => {
      const refused = error instanceof RefusedTarget || (error as NodeJS.ErrnoException).code === 'EREFUSEDTARGET';
      resolve({ statusCode: null, error: error.name === 'TimeoutError' || error.name === 'AbortError' ? 'Timed out after 10 s' : error.message, excerpt: null, retry: !refused });
    });
    request.end(body);
  });
}

async function recordAttempt(db: Executor, values: { webhookId: number; event: string; jobId: number; attempt: number; ms: number; outcome: Outcome }) {
  await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: values.webhookId,
      event: values.event,
      job_id: values.jobId,
      attempt: values.attempt,
      status_code: values.outcome.statusCode,
      duration_ms: Math.round(values.ms),
      error: values.outcome.error,
      response_excerpt: values.outcome.excerpt,
      created_at: nowIso(),
    })
    .execute();
  await pruneDeliveries(db, values.webhookId);
}

/**
 * The `webhook.deliver` job: signs the stored body with the webhook's secret and POSTs it. Every
 * attempt is written to the deliveries log; a failure worth repeating throws, so the runner
 * retries with back-off (up to 6 attempts), a refused target or a 4xx does not.
 */
export function deliverWebhookHandler(options: { dataDir: string; allowPrivate: boolean }): JobHandler {
  return async (raw, ctx) => {
    const payload = raw as WebhookDeliveryPayload;
    const hook = await ctx.db.selectFrom('webhooks').selectAll().where('id', '=', payload.webhookId).executeTakeFirst();
    if (!hook || (hook.active !== 1 && !payload.test)) return;
    const started = performance.now();
    let outcome: Outcome;
    try {
      const url = new URL(hook.url);
      assertDeliverableHost(url, options.allowPrivate);
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload.body)),
        'user-agent': 'Anlauf-Webhooks/1',
        'x-anlauf-event': payload.event,
        'x-anlauf-delivery': String(ctx.jobId),
        'x-anlauf-signature': signatureOf(decryptSecret(webhookKey(options.dataDir), hook.secret), payload.body),
      };
      outcome = await post(url, headers, payload.body, options.allowPrivate);
    } catch (error) {
      outcome = { statusCode: null, error: error instanceof Error ? error.message : String(error), excerpt: null, retry: !(error instanceof RefusedTarget) };
    }
    await recordAttempt(ctx.db, { webhookId: hook.id, event: payload.event, jobId: ctx.jobId, attempt: ctx.attempt, ms: performance.now() - started, outcome });
    if (outcome.error && outcome.retry) throw new Error(`Webhook ${hook.id}: ${outcome.error}`);
  };
}
