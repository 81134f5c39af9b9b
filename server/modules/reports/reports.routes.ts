/**
 * Reports for continuous improvement, under /api/v1 (agents and admins; each figure counts
 * only the tickets the caller may see; `from`/`to` are local dates in the caller's time zone):
 *   GET /reports/summary?from=&to=&groupId=&categoryId=&organisationId=  → 200 key figures
 *   GET /reports/volume?from=&to=&by=day|week|month|category|group|organisation|channel[&format=csv] → 200 {rows} or text/csv
 *   GET /reports/recurring?days=N                                         → 200 {items} clusters of similar tickets, largest first
 */
import type { App, Deps } from '../../platform/http/context.ts';
import { requireAgent } from '../auth/auth-plugin.ts';
import { localPeriod } from '../../platform/local-days.ts';
import { reportSummary } from './report-summary.ts';
import { reportVolume } from './report-volume.ts';
import { recurringProblems } from './recurring-problems.ts';
import { volumeCsv } from './volume-csv.ts';
import { recurringQuery, recurringSchema, reportFilterQuery, reportSummarySchema, volumeQuery, volumeSchema } from '../../../shared/contracts/reports.ts';

export async function reportRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['reports'];

  app.get(
    '/reports/summary',
    {
      schema: {
        tags,
        summary: 'Key figures of a period: volume, backlog, response and resolution times, rates, satisfaction (agents)',
        querystring: reportFilterQuery,
        response: { 200: reportSummarySchema },
      },
    },
    async (request) => {
      const actor = requireAgent(request);
      const { from, to, ...filters } = request.query;
      return reportSummary(deps.db, actor, localPeriod(from, to, actor.timeZone), filters);
    },
  );

  app.get(
    '/reports/volume',
    {
      schema: {
        tags,
        summary: 'Tickets created and resolved per day, week, month, category, group, organisation or channel; as CSV with format=csv (agents)',
        querystring: volumeQuery,
        response: { 200: volumeSchema },
      },
    },
    async (request, reply) => {
      const actor = requireAgent(request);
      const { from, to, by, format, ...filters } = request.query;
      const rows = await reportVolume(deps.db, actor, localPeriod(from, to, actor.timeZone), filters, by, actor.locale === 'en' ? 'en' : 'de');
      if (format !== 'csv') return { rows };
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="tickets-by-${by}-${from}-${to}.csv"`)
          // A string with its own content type is sent as it is; the schema describes the JSON answer.
          .send(volumeCsv(rows) as unknown as { rows: typeof rows })
      );
    },
  );

  app.get(
    '/reports/recurring',
    { schema: { tags, summary: 'Clusters of similar tickets of the last N days, largest first (agents)', querystring: recurringQuery, response: { 200: recurringSchema } } },
    async (request) => {
      const actor = requireAgent(request);
      return { items: await recurringProblems(deps.db, actor, request.query.days) };
    },
  );
}
