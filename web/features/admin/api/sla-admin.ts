import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiNoContent } from '../../../lib/api-client.ts';
import {
  calendarListSchema,
  calendarSchema,
  type CreateCalendarInput,
  type CreateSlaPolicyInput,
  holidayRegionsSchema,
  slaPolicyListSchema,
  slaPolicySchema,
} from '../../../../shared/contracts/sla.ts';

export type { CalendarDto, SlaPolicyDto } from '../../../../shared/contracts/sla.ts';

const CALENDARS = ['admin', 'calendars'];
const POLICIES = ['admin', 'sla-policies'];

export function useCalendars() {
  return useQuery({ queryKey: CALENDARS, queryFn: () => api('/admin/calendars', { schema: calendarListSchema }).then((r) => r.items) });
}

export function useSlaPolicies() {
  return useQuery({ queryKey: POLICIES, queryFn: () => api('/admin/sla-policies', { schema: slaPolicyListSchema }).then((r) => r.items) });
}

/** Countries and states the holiday library knows, named in the UI language; they do not change while the app runs. */
export function useHolidayRegions(locale: 'de' | 'en') {
  return useQuery({
    queryKey: ['admin', 'holiday-regions', locale],
    queryFn: () => api(`/admin/holiday-regions?locale=${locale}`, { schema: holidayRegionsSchema }).then((r) => r.items),
    staleTime: Infinity,
  });
}

export function useSaveCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number | null; body: CreateCalendarInput }) =>
      input.id === null
        ? api('/admin/calendars', { method: 'POST', body: input.body, schema: calendarSchema })
        : api(`/admin/calendars/${input.id}`, { method: 'PATCH', body: input.body, schema: calendarSchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: CALENDARS }),
  });
}

export function useDeleteCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/admin/calendars/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: CALENDARS }),
  });
}

/** Creates, changes or moves a policy (`position` in the body moves it). */
export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number | null; body: Partial<CreateSlaPolicyInput> & { position?: number } }) =>
      input.id === null
        ? api('/admin/sla-policies', { method: 'POST', body: input.body, schema: slaPolicySchema })
        : api(`/admin/sla-policies/${input.id}`, { method: 'PATCH', body: input.body, schema: slaPolicySchema }),
    onSuccess: () => void client.invalidateQueries({ queryKey: POLICIES }),
  });
}

export function useDeletePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiNoContent(`/admin/sla-policies/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: POLICIES }),
  });
}
