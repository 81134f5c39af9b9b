import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import { type CreateTriggerBody, timeRulesSchema, triggerListSchema, triggerSchema, type UpdateTimeRulesBody, type UpdateTriggerBody } from '../../../../shared/contracts/automation.ts';

export type { TriggerAction, TriggerCondition, TriggerDto, TriggerEvent } from '../../../../shared/contracts/automation.ts';

const TRIGGERS = ['admin', 'triggers'];
const TIME_RULES = ['admin', 'time-rules'];

export function useTriggers() {
  return useQuery({ queryKey: TRIGGERS, queryFn: () => api('/admin/triggers', { schema: triggerListSchema }).then((r) => r.items) });
}

/** Creates (no id) or changes a trigger: its rules, on/off, or its place in the order. */
export function useSaveTrigger() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: number; body: CreateTriggerBody | UpdateTriggerBody }) =>
      input.id === undefined
        ? api('/admin/triggers', { method: 'POST', body: input.body, schema: triggerSchema })
        : api(`/admin/triggers/${input.id}`, { method: 'PATCH', body: input.body, schema: triggerSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: TRIGGERS }),
  });
}

export function useDeleteTrigger() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/admin/triggers/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: TRIGGERS }),
  });
}

export function useTimeRules() {
  return useQuery({ queryKey: TIME_RULES, queryFn: () => api('/admin/time-rules', { schema: timeRulesSchema }) });
}

export function useSaveTimeRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTimeRulesBody) => api('/admin/time-rules', { method: 'PUT', body, schema: timeRulesSchema }),
    onSuccess: (saved) => client.setQueryData(TIME_RULES, saved),
  });
}
