import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { Client, createTestApp, type TestApp } from '../../test/test-app.ts';
import type { AuditEntryDto } from '../../../shared/contracts/audit.ts';

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  const all = async (): Promise<AuditEntryDto[]> => {
    const items: AuditEntryDto[] = [];
    let cursor: string | null = null;
    do {
      const page = await t.admin.client.get(`/api/v1/admin/audit-log?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      items.push(...(page.body.items as AuditEntryDto[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    return items;
  };

  it('records every kind of security-relevant action, with actor, target and client, and no secrets', async () => {
    const secrets: string[] = ['altes-passwort-1', 'neues-passwort-2', 'falsches-passwort', 'ein-langes-passwort'];
    const agent = await t.user({ role: 'agent', password: 'altes-passwort-1' });
    await t.anonymous.post('/api/v1/auth/login', { email: agent.email, password: 'falsches-passwort' });
    await t.anonymous.post('/api/v1/auth/login', { email: 'niemand@nirgends.example', password: 'falsches-passwort' });
    // A password typed into the address field must not land in the log.
    await t.anonymous.post('/api/v1/auth/login', { email: 'falsches-passwort', password: 'x' });
    const session = await t.login(agent.email, 'altes-passwort-1');
    const token = await session.post('/api/v1/me/tokens', { name: 'Skript' });
    secrets.push(token.body.token as string);
    expect((await session.delete(`/api/v1/me/tokens/${token.body.id}`)).status).toBe(204);
    expect((await session.post('/api/v1/me/password', { currentPassword: 'altes-passwort-1', newPassword: 'neues-passwort-2' })).status).toBe(204);
    await session.post('/api/v1/auth/logout');

    await t.anonymous.post('/api/v1/auth/password-reset', { email: agent.email });
    const job = await t.db.handle.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const resetToken = decodeURIComponent(/token=([\w%-]+)/.exec(job.payload)?.[1] ?? '');
    secrets.push(resetToken);
    expect((await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token: resetToken, password: 'ein-langes-passwort' })).status).toBe(204);

    await t.admin.client.patch('/api/v1/settings/portal', { signupAllowed: true });
    await t.anonymous.post('/api/v1/auth/signup', { email: 'neu@kunde.example', name: 'Neu', password: 'ein-langes-passwort' });
    const verifyJob = await t.db.handle.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const verifyToken = decodeURIComponent(/verify-email\?token=([\w%-]+)/.exec(verifyJob.payload)?.[1] ?? '');
    secrets.push(verifyToken);
    expect((await t.anonymous.post('/api/v1/auth/verify-email', { token: verifyToken })).status).toBe(200);

    const org = await t.admin.client.post('/api/v1/organisations', { name: 'Kunde AG', kind: 'customer', domain: 'kunde.example' });
    await t.admin.client.patch(`/api/v1/organisations/${org.body.id}`, { domainTrusted: true });
    const made = await t.admin.client.post('/api/v1/users', { email: 'kunde@kunde.example', name: 'Kunde', role: 'customer', password: 'ein-langes-passwort', organisationId: null });
    await t.admin.client.patch(`/api/v1/users/${made.body.id}`, { role: 'agent', organisationId: org.body.id });
    await t.admin.client.patch(`/api/v1/users/${made.body.id}`, { active: false });
    await t.admin.client.patch(`/api/v1/users/${made.body.id}`, { active: true });
    const adminToken = await t.admin.client.post('/api/v1/me/tokens', { name: 'Fremd' });
    expect((await t.admin.client.delete(`/api/v1/users/${t.admin.id}/tokens/${adminToken.body.id}`)).status).toBe(204);

    const mailbox = await t.admin.client.post('/api/v1/admin/mailboxes', { name: 'Support', host: 'imap.example.test', port: 993, secure: true, username: 'support', password: 'imap-geheim-1' });
    secrets.push('imap-geheim-1');
    expect((await t.admin.client.delete(`/api/v1/admin/mailboxes/${mailbox.body.id}`)).status).toBe(204);

    const customer = await t.user({ role: 'customer' });
    const first = await customer.client.post('/api/v1/tickets', { subject: 'Drucker', body: 'Geht nicht' });
    const second = await customer.client.post('/api/v1/tickets', { subject: 'Drucker 2', body: 'Geht immer noch nicht' });
    expect((await t.admin.client.post(`/api/v1/tickets/${second.body.id}/merge`, { targetId: first.body.id })).status).toBe(200);
    await t.dispatcher.drain();

    const entries = await all();
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('auth.sign_in_failed').map((e) => [e.target, e.details.reason])).toEqual(
      expect.arrayContaining([
        [{ type: 'user', id: agent.id, label: agent.email }, 'wrong_password'],
        [{ type: 'address', id: null, label: 'niemand@nirgends.example' }, 'unknown_address'],
        [{ type: 'address', id: null, label: null }, 'unknown_address'],
      ]),
    );
    expect(of('auth.sign_in').find((e) => e.actor?.id === agent.id)).toMatchObject({ clientIp: '127.0.0.1', target: { type: 'user', id: agent.id } });
    expect(of('auth.sign_out')[0]).toMatchObject({ actor: { id: agent.id } });
    expect(of('api_token.created').map((e) => e.target?.label)).toEqual(expect.arrayContaining(['Skript', 'Fremd']));
    expect(of('api_token.revoked').map((e) => e.actor?.id)).toEqual(expect.arrayContaining([agent.id, t.admin.id]));
    expect(of('auth.password_changed')[0]).toMatchObject({ actor: { id: agent.id }, target: { id: agent.id }, details: { revokedTokens: 1 } });
    expect(of('auth.password_reset_requested')[0]).toMatchObject({ actor: null, target: { id: agent.id } });
    expect(of('auth.password_reset')[0]).toMatchObject({ target: { id: agent.id }, details: { revokedTokens: 0 } });
    expect(of('auth.signed_up')[0]).toMatchObject({ target: { label: 'neu@kunde.example' } });
    expect(of('auth.email_verified')[0]).toMatchObject({ target: { label: 'neu@kunde.example' } });
    expect(of('organisation.domain_trust_changed')[0]).toMatchObject({ actor: { id: t.admin.id }, details: { domain: 'kunde.example', from: false, to: true } });
    expect(of('portal.signup_changed')[0]).toMatchObject({ details: { from: false, to: true } });
    expect(of('user.created')[0]).toMatchObject({ actor: { id: t.admin.id, name: 'Administrator' }, target: { type: 'user', id: made.body.id, label: 'kunde@kunde.example' } });
    expect(of('user.role_changed')[0]).toMatchObject({ details: { from: 'customer', to: 'agent' } });
    expect(of('user.organisation_changed')[0]).toMatchObject({ details: { from: null, to: org.body.id } });
    expect(of('user.deactivated')).toHaveLength(1);
    expect(of('user.activated')).toHaveLength(1);
    expect(of('mailbox.deleted')[0]).toMatchObject({ target: { type: 'mailbox', id: mailbox.body.id } });
    expect(of('ticket.merged')[0]).toMatchObject({ actor: { id: t.admin.id }, target: { type: 'ticket', id: second.body.id }, details: { targetId: first.body.id } });

    // Newest first, and paging by cursor gives every entry once.
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    const filtered = await t.admin.client.get('/api/v1/admin/audit-log?action=user.created');
    expect(filtered.body.items.every((e: AuditEntryDto) => e.action === 'user.created')).toBe(true);

    const stored = JSON.stringify(await t.db.handle.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('is for admins only, pages by cursor and refuses bad parameters', async () => {
    const agent = await t.user({ role: 'agent' });
    const customer = await t.user({ role: 'customer' });
    expect((await agent.client.get('/api/v1/admin/audit-log')).status).toBe(403);
    expect((await customer.client.get('/api/v1/admin/audit-log')).body.error.code).toBe('forbidden');
    expect((await t.anonymous.get('/api/v1/admin/audit-log')).status).toBe(401);

    const first = await t.admin.client.get('/api/v1/admin/audit-log?limit=2');
    expect(first.body.items).toHaveLength(2);
    const next = await t.admin.client.get(`/api/v1/admin/audit-log?limit=2&cursor=${first.body.nextCursor}`);
    expect(next.body.items[0].id).toBeLessThan(first.body.items[1].id);
    for (const bad of ['limit=0', 'limit=abc', 'cursor=x', 'cursor=-1', 'action=auth.nothing', 'sort=id']) {
      const res = await t.admin.client.get(`/api/v1/admin/audit-log?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
  });

  it('offers no way to change or delete entries, and the database refuses rewrites', async () => {
    const entry = (await t.admin.client.get('/api/v1/admin/audit-log?limit=1')).body.items[0] as AuditEntryDto;
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      expect((await t.admin.client.request(method, '/api/v1/admin/audit-log', {})).status, method).toBe(404);
      expect((await t.admin.client.request(method, `/api/v1/admin/audit-log/${entry.id}`, {})).status, method).toBe(404);
    }
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/admin/audit-log'] ?? {})).toEqual(['get']);
    await expect(sql`UPDATE audit_log SET action = 'auth.sign_in' WHERE id = ${entry.id}`.execute(t.db.handle.db)).rejects.toThrow(/append-only/);
    const still = (await t.admin.client.get('/api/v1/admin/audit-log?limit=1')).body.items[0] as AuditEntryDto;
    expect(still).toEqual(entry);
  });

  it('names the signed-in user as the actor of a sign-in', async () => {
    const user = await t.user({ role: 'customer', password: 'ein-langes-passwort' });
    const client: Client = await t.login(user.email, 'ein-langes-passwort');
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    const signIns = (await t.admin.client.get('/api/v1/admin/audit-log?action=auth.sign_in')).body.items as AuditEntryDto[];
    expect(signIns[0]).toMatchObject({ actor: { id: user.id }, action: 'auth.sign_in' });
  });
});
