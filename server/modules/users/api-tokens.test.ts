import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { Client, createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('API tokens on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('creates a token shown once, lists it without secrets and revokes it', async () => {
    const agent = await t.user({ role: 'agent', password: 'agent-passwort-1' });
    const session = await t.login(agent.email, 'agent-passwort-1');
    const created = await session.post('/api/v1/me/tokens', { name: 'Monitoring-Skript' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), name: 'Monitoring-Skript', createdAt: expect.any(String), lastUsedAt: null, token: expect.stringMatching(/^anl_/) });

    const script = new Client(t.app, { token: created.body.token });
    expect((await script.get('/api/v1/auth/me')).body.user.id).toBe(agent.id);

    const list = await session.get('/api/v1/me/tokens');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((i: { id: number }) => i.id === created.body.id);
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const row = await t.db.handle.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(list.body)).not.toContain(row.token_hash);
    expect(list.body.items.map((i: { name: string }) => i.name)).toEqual(['test', 'Monitoring-Skript']);

    expect((await session.delete(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await script.get('/api/v1/auth/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('not_signed_in');
    expect((await session.delete(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(404);
    expect((await session.get('/api/v1/me/tokens')).body.items.map((i: { name: string }) => i.name)).toEqual(['test']);

    expect((await session.post('/api/v1/me/tokens', { name: '' })).status).toBe(400);
    expect((await session.post('/api/v1/me/tokens', { name: 'x', scope: 'all' })).status).toBe(400);
    expect((await session.delete('/api/v1/me/tokens/abc')).status).toBe(400);
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/me/tokens', '/api/v1/me/tokens/{id}', '/api/v1/users/{id}/tokens/{tokenId}']));
  });

  it('lets no one revoke or see tokens of others, except an admin', async () => {
    const owner = await t.user({ role: 'agent' });
    const other = await t.user({ role: 'customer' });
    const made = await owner.client.post('/api/v1/me/tokens', { name: 'CI' });
    const ci = new Client(t.app, { token: made.body.token });

    expect((await other.client.delete(`/api/v1/me/tokens/${made.body.id}`)).status).toBe(404);
    expect((await other.client.delete(`/api/v1/users/${owner.id}/tokens/${made.body.id}`)).status).toBe(403);
    expect((await owner.client.delete(`/api/v1/users/${owner.id}/tokens/${made.body.id}`)).status).toBe(403);
    expect((await other.client.get(`/api/v1/users/${owner.id}/tokens`)).status).toBe(403);
    expect((await ci.get('/api/v1/me/profile')).status).toBe(200);

    const seen = await t.admin.client.get(`/api/v1/users/${owner.id}/tokens`);
    expect(seen.body.items.map((i: { name: string }) => i.name)).toEqual(['test', 'CI']);
    // The token id must belong to the user in the address.
    expect((await t.admin.client.delete(`/api/v1/users/${other.id}/tokens/${made.body.id}`)).status).toBe(404);
    expect((await t.admin.client.delete(`/api/v1/users/${owner.id}/tokens/${made.body.id}`)).status).toBe(204);
    expect((await ci.get('/api/v1/me/profile')).status).toBe(401);
    expect((await t.admin.client.delete(`/api/v1/users/${owner.id}/tokens/${made.body.id}`)).status).toBe(404);
    expect((await t.admin.client.get('/api/v1/users/999999/tokens')).status).toBe(404);
  });

  it('stops the tokens of a deactivated user and starts them again on reactivation', async () => {
    const agent = await t.user({ role: 'agent' });
    expect((await agent.client.get('/api/v1/me/tokens')).status).toBe(200);
    await t.admin.client.patch(`/api/v1/users/${agent.id}`, { active: false });
    expect((await agent.client.get('/api/v1/me/tokens')).status).toBe(401);
    await t.admin.client.patch(`/api/v1/users/${agent.id}`, { active: true });
    expect((await agent.client.get('/api/v1/me/tokens')).status).toBe(200);
  });
});
