import { z } from 'zod';
import { nowIso } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { LIMITS } from '../../../shared/enums.ts';
import type { JobRow } from '../../platform/jobs/runner.ts';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

const jobSchema = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number(),
  maxAttempts: z.number(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  ticketId: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The fields an admin sees; the payload stays inside (it can hold mail text). */
function presentJob(row: JobRow): z.infer<typeof jobSchema> {
  let ticketId: number | null = null;
  try {
    const payload = JSON.parse(row.payload) as { ticketId?: unknown };
    if (typeof payload.ticketId === 'number') ticketId = payload.ticketId;
  } catch {
    // A payload that is not JSON has no ticket to show.
  }
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as (typeof JOB_STATUSES)[number],
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    ticketId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const listQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  kind: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  /** Keyset paging: jobs with a smaller id than this (newest first). */
  cursor: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
const jobParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** The outbox as admins see it: what is waiting, what failed and why, and a retry button. */
export async function jobRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['admin'];

  app.get(
    '/admin/jobs',
    { schema: { tags, summary: 'Background jobs, newest first (admins)', querystring: listQuery, response: { 200: z.object({ items: z.array(jobSchema), nextCursor: z.number().nullable() }) } } },
    async (request) => {
      requireAdmin(request);
      const { status, kind, limit, cursor } = request.query;
      const rows = await deps.db
        .selectFrom('jobs')
        .selectAll()
        .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
        .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind!))
        .$if(cursor !== undefined, (qb) => qb.where('id', '<', cursor!))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return { items: page.map(presentJob), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
    },
  );

  app.post('/admin/jobs/:id/retry', { schema: { tags, summary: 'Run a failed job again now (admins)', params: jobParams, response: { 200: jobSchema } } }, async (request) => {
    requireAdmin(request);
    const job = await deps.db.selectFrom('jobs').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!job) throw notFound(`Job ${request.params.id}`);
    if (job.status !== 'failed') throw new AppError('conflict', `Job ${job.id} is ${job.status}; only failed jobs can be retried.`);
    const now = nowIso();
    // The attempts start over; last_error stays until the next attempt overwrites it.
    const updated = await deps.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: now, locked_until: null, updated_at: now })
      .where('id', '=', job.id)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw new AppError('conflict', `Job ${job.id} changed in the meantime.`);
    return presentJob(updated);
  });
}
