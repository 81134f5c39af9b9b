import type { Selectable } from 'kysely';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import type { WebhookDeliveriesTable, WebhooksTable } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import { encryptSecret, secretKey } from '../../platform/secret-box.ts';
import type { CreateWebhookInput, UpdateWebhookInput, WebhookDeliveryDto, WebhookDto, WebhookEvent } from '../../../shared/contracts/webhooks.ts';

export type WebhookRow = Selectable<WebhooksTable>;

const keys = new Map<string, Buffer>();
/** The signing secrets are sealed with `keys/webhook-secrets.key` in the data directory. */
export function webhookKey(dataDir: string): Buffer {
  let key = keys.get(dataDir);
  if (!key) keys.set(dataDir, (key = secretKey(dataDir, 'webhook-secrets')));
  return key;
}

export function presentWebhook(row: WebhookRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEvent[],
    active: row.active === 1,
    includeInternal: row.include_internal === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDeliveryDto {
  return {
    id: row.id,
    event: row.event,
    attempt: row.attempt,
    ok: row.error === null,
    statusCode: row.status_code,
    durationMs: row.duration_ms,
    error: row.error,
    responseExcerpt: row.response_excerpt,
    createdAt: row.created_at,
  };
}

export async function loadWebhook(db: Executor, id: number): Promise<WebhookRow> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The webhook');
  return row;
}

export async function insertWebhook(db: Executor, key: Buffer, input: CreateWebhookInput): Promise<WebhookRow> {
  const now = nowIso();
  return db
    .insertInto('webhooks')
    .values({
      url: input.url.trim(),
      events: JSON.stringify([...new Set(input.events)]),
      secret: encryptSecret(key, input.secret),
      active: input.active === false ? 0 : 1,
      include_internal: input.includeInternal ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateWebhook(db: Executor, key: Buffer, id: number, input: UpdateWebhookInput): Promise<WebhookRow> {
  await loadWebhook(db, id);
  return db
    .updateTable('webhooks')
    .set({
      ...(input.url !== undefined ? { url: input.url.trim() } : {}),
      ...(input.events !== undefined ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
      ...(input.secret !== undefined ? { secret: encryptSecret(key, input.secret) } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.includeInternal !== undefined ? { include_internal: input.includeInternal ? 1 : 0 } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The last `limit` attempts of one webhook, newest first. */
export async function listDeliveries(db: Executor, webhookId: number, limit = 50) {
  const rows = await db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(presentDelivery);
}

/** Keeps the newest `keep` attempts of a webhook (the log is for looking back a little, not an archive). */
export async function pruneDeliveries(db: Executor, webhookId: number, keep = 200): Promise<void> {
  const oldestKept = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .offset(keep - 1)
    .limit(1)
    .executeTakeFirst();
  if (oldestKept) await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).where('id', '<', oldestKept.id).execute();
}
