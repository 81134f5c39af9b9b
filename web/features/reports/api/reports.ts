import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import { organisationListSchema } from '../../../../shared/contracts/organisations.ts';
import { recurringSchema, reportSummarySchema, volumeSchema, type VolumeDimension } from '../../../../shared/contracts/reports.ts';

export interface ReportFilters {
  from: string;
  to: string;
  groupId?: number | undefined;
  categoryId?: number | undefined;
  organisationId?: number | undefined;
}

const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
const valid = (f: ReportFilters) => isDate(f.from) && isDate(f.to) && f.from <= f.to;

export function useReportSummary(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'summary', filters],
    queryFn: ({ signal }) => api(withQuery('/reports/summary', { ...filters }), { signal, schema: reportSummarySchema }),
    enabled: valid(filters),
    placeholderData: (previous) => previous,
  });
}

export function useReportVolume(filters: ReportFilters, by: VolumeDimension) {
  return useQuery({
    queryKey: ['reports', 'volume', filters, by],
    queryFn: ({ signal }) => api(withQuery('/reports/volume', { ...filters, by }), { signal, schema: volumeSchema }).then((r) => r.rows),
    enabled: valid(filters),
    placeholderData: (previous) => previous,
  });
}

/** The address of the CSV download of a volume table (the browser sends the session cookie). */
export function volumeCsvUrl(filters: ReportFilters, by: VolumeDimension): string {
  return `/api/v1${withQuery('/reports/volume', { ...filters, by, format: 'csv' })}`;
}

export function useRecurringProblems(days: number) {
  return useQuery({
    queryKey: ['reports', 'recurring', days],
    queryFn: ({ signal }) => api(withQuery('/reports/recurring', { days }), { signal, schema: recurringSchema }).then((r) => r.items),
    placeholderData: (previous) => previous,
  });
}

/** Organisations to filter by (the first 100). */
export function useReportOrganisations() {
  return useQuery({
    queryKey: ['reports', 'organisations'],
    queryFn: () => api(withQuery('/organisations', { limit: 100 }), { schema: organisationListSchema }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}
