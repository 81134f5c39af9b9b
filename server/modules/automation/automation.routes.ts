import type { App, Deps } from '../../platform/http/context.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import {
  createTriggerBody,
  type TimeRulesDto,
  timeRulesSchema,
  triggerListSchema,
  triggerParams,
  triggerSchema,
  updateTimeRulesBody,
  updateTriggerBody,
} from '../../../shared/contracts/automation.ts';
import { createTrigger, deleteTrigger, updateTrigger } from './save-trigger.ts';
import { loadTimeRules, saveTimeRules, type TimeRules } from './time-rules.ts';
import { listTriggers, loadTrigger, presentTrigger } from './triggers.queries.ts';

/** Administration of triggers and time rules (admins only); every change is in the audit log. */
export async function automationRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['automation'];
  const presentRules = (rules: TimeRules): TimeRulesDto => ({ ...rules, reopenDays: deps.config.reopenDays });

  app.get('/admin/triggers', { schema: { tags, summary: 'Triggers in the order they are tried', response: { 200: triggerListSchema } } }, async (request) => {
    requireAdmin(request);
    return { items: (await listTriggers(deps.db)).map(presentTrigger) };
  });

  app.post('/admin/triggers', { schema: { tags, summary: 'Add a trigger (tried after the existing ones)', body: createTriggerBody, response: { 201: triggerSchema } } }, async (request, reply) => {
    requireAdmin(request);
    const trigger = await deps.db.transaction().execute(async (trx) => {
      const created = await createTrigger(trx, request.body);
      await recordAudit(trx, { ...auditOrigin(request), action: 'trigger.created', target: { type: 'trigger', id: created.id, label: created.name } });
      return created;
    });
    return reply.status(201).send(presentTrigger(trigger));
  });

  app.get('/admin/triggers/:id', { schema: { tags, summary: 'One trigger', params: triggerParams, response: { 200: triggerSchema } } }, async (request) => {
    requireAdmin(request);
    return presentTrigger(await loadTrigger(deps.db, request.params.id));
  });

  app.patch(
    '/admin/triggers/:id',
    { schema: { tags, summary: 'Change a trigger, switch it on or off, or move it in the order', params: triggerParams, body: updateTriggerBody, response: { 200: triggerSchema } } },
    async (request) => {
      requireAdmin(request);
      const trigger = await deps.db.transaction().execute(async (trx) => {
        const changed = await updateTrigger(trx, request.params.id, request.body);
        const details = Object.fromEntries(Object.keys(request.body).map((k) => [k, true]));
        await recordAudit(trx, { ...auditOrigin(request), action: 'trigger.changed', target: { type: 'trigger', id: changed.id, label: changed.name }, details });
        return changed;
      });
      return presentTrigger(trigger);
    },
  );

  app.delete('/admin/triggers/:id', { schema: { tags, summary: 'Delete a trigger', params: triggerParams } }, async (request, reply) => {
    requireAdmin(request);
    await deps.db.transaction().execute(async (trx) => {
      const deleted = await deleteTrigger(trx, request.params.id);
      await recordAudit(trx, { ...auditOrigin(request), action: 'trigger.deleted', target: { type: 'trigger', id: deleted.id, label: deleted.name } });
    });
    return reply.status(204).send();
  });

  app.get('/admin/time-rules', { schema: { tags, summary: 'Time rules: closing resolved tickets, the reopen window', response: { 200: timeRulesSchema } } }, async (request) => {
    requireAdmin(request);
    return presentRules(await loadTimeRules(deps.db));
  });

  app.put(
    '/admin/time-rules',
    { schema: { tags, summary: 'Change the time rules (the reopen window is set by ANLAUF_REOPEN_DAYS)', body: updateTimeRulesBody, response: { 200: timeRulesSchema } } },
    async (request) => {
      requireAdmin(request);
      const rules = await deps.db.transaction().execute(async (trx) => {
        const saved = await saveTimeRules(trx, request.body);
        await recordAudit(trx, {
          ...auditOrigin(request),
          action: 'automation.time_rules_changed',
          target: { type: 'settings', label: 'time rules' },
          details: { autoCloseEnabled: saved.autoClose.enabled, autoCloseDays: saved.autoClose.days },
        });
        return saved;
      });
      return presentRules(rules);
    },
  );
}
