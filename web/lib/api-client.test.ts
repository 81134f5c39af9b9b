import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, apiNoContent, ApiError, apiUnchecked } from './api-client.ts';
import { ticketCountsSchema } from '../../shared/contracts/ticket-actions.ts';
import type { viewListSchema } from '../../shared/contracts/views.ts';
import { portalSettingsSchema } from '../../shared/contracts/portal.ts';

function answer(status: number, body?: unknown) {
  const fetch = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('api client', () => {
  it('returns the answer checked against its contract schema', async () => {
    const fetch = answer(200, { signupAllowed: true, extra: 'dropped' });
    await expect(api('/settings/portal', { schema: portalSettingsSchema })).resolves.toEqual({ signupAllowed: true });
    expect(fetch).toHaveBeenCalledWith('/api/v1/settings/portal', expect.objectContaining({ method: 'GET' }));
  });

  it('fails with invalid_response when the answer does not match the contract', async () => {
    answer(200, { signupAllowed: 'yes' });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error: unknown = await api('/settings/portal', { schema: portalSettingsSchema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_response');
  });

  it('accepts either shape of a union contract (agent or customer counts)', async () => {
    answer(200, { open: 1, pending: 2, resolved: 3 });
    await expect(api('/tickets/counts', { schema: ticketCountsSchema })).resolves.toEqual({ open: 1, pending: 2, resolved: 3 });
  });

  it('passes unchecked answers through, typed by the schema', async () => {
    answer(200, { items: [{ id: 1, name: 'Mine', filters: {}, sort: null, createdAt: 'x', updatedAt: 'x' }] });
    const views = await apiUnchecked<typeof viewListSchema>('/me/views');
    expect(views.items[0]?.name).toBe('Mine');
  });

  it('turns error answers into ApiError and 204 into undefined', async () => {
    answer(409, { error: { code: 'stale_version', message: 'Changed meanwhile.' } });
    await expect(api('/settings/portal', { schema: portalSettingsSchema })).rejects.toMatchObject({ status: 409, code: 'stale_version' });
    answer(204);
    await expect(apiNoContent('/me/views/1', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
