import type { App, Deps } from '../../platform/http/context.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import {
  calendarListSchema,
  calendarSchema,
  createCalendarBody,
  createSlaPolicyBody,
  holidayRegionsQuery,
  holidayRegionsSchema,
  slaParams,
  slaPolicyListSchema,
  slaPolicySchema,
  updateCalendarBody,
  updateSlaPolicyBody,
} from '../../../shared/contracts/sla.ts';
import { createCalendar, createPolicy, deleteCalendar, deletePolicy, updateCalendar, updatePolicy } from './save-sla-settings.ts';
import { holidayRegions } from './holidays.ts';
import { listPolicies, loadCalendar, loadPolicy, presentCalendar, presentPolicy } from './sla.queries.ts';

/** Administration of business-hour calendars and SLA policies (admins only). */
export async function slaRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['sla'];

  app.get('/admin/calendars', { schema: { tags, summary: 'Business-hour calendars', response: { 200: calendarListSchema } } }, async (request) => {
    requireAdmin(request);
    const rows = await deps.db.selectFrom('sla_calendars').selectAll().orderBy('name').orderBy('id').execute();
    return { items: rows.map(presentCalendar) };
  });

  app.post(
    '/admin/calendars',
    { schema: { tags, summary: 'Add a calendar: opening hours, time zone, public holidays, closed days', body: createCalendarBody, response: { 201: calendarSchema } } },
    async (request, reply) => {
      requireAdmin(request);
      return reply.status(201).send(presentCalendar(await deps.db.transaction().execute((trx) => createCalendar(trx, request.body))));
    },
  );

  app.get('/admin/calendars/:id', { schema: { tags, summary: 'One calendar', params: slaParams, response: { 200: calendarSchema } } }, async (request) => {
    requireAdmin(request);
    return presentCalendar(await loadCalendar(deps.db, request.params.id));
  });

  app.patch('/admin/calendars/:id', { schema: { tags, summary: 'Change a calendar', params: slaParams, body: updateCalendarBody, response: { 200: calendarSchema } } }, async (request) => {
    requireAdmin(request);
    return presentCalendar(await deps.db.transaction().execute((trx) => updateCalendar(trx, request.params.id, request.body)));
  });

  app.delete('/admin/calendars/:id', { schema: { tags, summary: 'Delete a calendar no policy uses (else 409)', params: slaParams } }, async (request, reply) => {
    requireAdmin(request);
    await deps.db.transaction().execute((trx) => deleteCalendar(trx, request.params.id));
    return reply.status(204).send();
  });

  app.get(
    '/admin/holiday-regions',
    { schema: { tags, summary: 'Countries and states whose public holidays a calendar can use (date-holidays)', querystring: holidayRegionsQuery, response: { 200: holidayRegionsSchema } } },
    async (request) => {
      requireAdmin(request);
      return { items: holidayRegions(request.query.locale ?? 'en') };
    },
  );

  app.get('/admin/sla-policies', { schema: { tags, summary: 'SLA policies in the order they are tried', response: { 200: slaPolicyListSchema } } }, async (request) => {
    requireAdmin(request);
    return { items: (await listPolicies(deps.db)).map(presentPolicy) };
  });

  app.post(
    '/admin/sla-policies',
    { schema: { tags, summary: 'Add an SLA policy (tried after the existing ones)', body: createSlaPolicyBody, response: { 201: slaPolicySchema } } },
    async (request, reply) => {
      requireAdmin(request);
      return reply.status(201).send(presentPolicy(await deps.db.transaction().execute((trx) => createPolicy(trx, request.body))));
    },
  );

  app.get('/admin/sla-policies/:id', { schema: { tags, summary: 'One SLA policy', params: slaParams, response: { 200: slaPolicySchema } } }, async (request) => {
    requireAdmin(request);
    return presentPolicy(await loadPolicy(deps.db, request.params.id));
  });

  app.patch(
    '/admin/sla-policies/:id',
    { schema: { tags, summary: 'Change an SLA policy or move it in the order', params: slaParams, body: updateSlaPolicyBody, response: { 200: slaPolicySchema } } },
    async (request) => {
      requireAdmin(request);
      return presentPolicy(await deps.db.transaction().execute((trx) => updatePolicy(trx, request.params.id, request.body)));
    },
  );

  app.delete('/admin/sla-policies/:id', { schema: { tags, summary: 'Delete an SLA policy', params: slaParams } }, async (request, reply) => {
    requireAdmin(request);
    await deps.db.transaction().execute((trx) => deletePolicy(trx, request.params.id));
    return reply.status(204).send();
  });
}
