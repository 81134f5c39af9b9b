import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/enums.ts';
import { DIALECTS } from '../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../test/test-app.ts';

/** Every bad input gets a 4xx with the contract's error body; nothing yields a 500. */
describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let t: TestApp;
  let customer: TestUser;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    customer = await t.user({ role: 'customer' });
    ticketId = (await customer.client.post('/api/v1/tickets', { subject: 'Basis', body: 'Text' })).body.id;
  });
  afterAll(() => t.close());

  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message.length).toBeGreaterThan(5);
  };

  it('rejects missing, wrong-typed, unknown and empty fields with field messages', async () => {
    let res = await customer.client.post('/api/v1/tickets', {});
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.fields).toEqual({ subject: 'This field is required.', body: 'This field is required.' });
    res = await customer.client.post('/api/v1/tickets', { subject: 42, body: ['x'] });
    expectError(res, 400, 'invalid_input');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['body', 'subject']);
    res = await customer.client.post('/api/v1/tickets', { subject: 'ok', body: 'ok', isAdmin: true });
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.fields).toEqual({ isAdmin: 'Unknown field.' });
    res = await customer.client.post('/api/v1/tickets', { subject: '   ', body: 'ok' });
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.fields.subject).toBeTruthy();
    res = await customer.client.post('/api/v1/tickets', { subject: 'x'.repeat(LIMITS.subjectMax + 1), body: 'ok' });
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.fields.subject).toContain(String(LIMITS.subjectMax));
    res = await customer.client.post('/api/v1/tickets', { subject: 'ok', body: 'ok', priority: 'sofort' });
    expectError(res, 400, 'invalid_input');
    res = await customer.client.patch(`/api/v1/tickets/${ticketId}`, { status: 'closed' });
    expectError(res, 400, 'invalid_input');
    expect(res.body.error.fields.version).toBeTruthy();
  });

  it('answers over-long texts and huge bodies with 413', async () => {
    expectError(await customer.client.post('/api/v1/tickets', { subject: 'lang', body: 'x'.repeat(LIMITS.bodyMaxChars + 1) }), 413, 'too_large');
    expectError(await customer.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'x'.repeat(LIMITS.bodyMaxChars + 1) }), 413, 'too_large');
    expectError(await customer.client.post('/api/v1/tickets', { subject: 'riesig', body: 'x'.repeat(LIMITS.jsonBodyBytes + 10) }), 413, 'too_large');
  });

  it('rejects broken JSON, wrong content types and invalid UTF-8', async () => {
    expectError(await customer.client.request('POST', '/api/v1/tickets', '{"subject": "x", "body": ', { 'content-type': 'application/json' }), 400, 'invalid_json');
    expectError(await customer.client.request('POST', '/api/v1/tickets', 'subject=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    const badUtf8 = Buffer.concat([Buffer.from('{"subject":"Dr'), Buffer.from([0xc3, 0x28]), Buffer.from('cker","body":"x"}')]);
    expectError(await customer.client.request('POST', '/api/v1/tickets', badUtf8, { 'content-type': 'application/json' }), 400, 'invalid_input');
    expectError(await customer.client.request('POST', '/api/v1/tickets', '{"__proto__":{"admin":true},"subject":"x","body":"y"}', { 'content-type': 'application/json' }), 400, 'invalid_json');
  });

  it('answers unknown ids, bad ids, unknown routes and malformed cursors clearly', async () => {
    expectError(await customer.client.get('/api/v1/tickets/999999'), 404, 'not_found');
    expectError(await customer.client.get('/api/v1/tickets/abc'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/tickets/99999999999999999999'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/nothing-here'), 404, 'not_found');
    for (const cursor of ['garbage', 'W10', Buffer.from('["x"]').toString('base64url'), Buffer.from('[1, "drop"]').toString('base64url')]) {
      expectError(await customer.client.get(`/api/v1/tickets?cursor=${cursor}`), 400, 'invalid_input');
    }
    expectError(await customer.client.get('/api/v1/tickets?limit=0'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/tickets?limit=100000'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/tickets?status=kaputt'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/tickets?createdFrom=gestern'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/tickets?sort=relevance'), 400, 'invalid_input');
    expectError(await customer.client.get('/api/v1/tickets?unknown=1'), 400, 'invalid_input');
    const categoryless = await customer.client.post('/api/v1/tickets', { subject: 'x', body: 'y', categoryId: 424242 });
    expectError(categoryless, 400, 'invalid_input');
    expect(categoryless.body.error.fields.categoryId).toBeTruthy();
  });

  it('stores SQL and HTML as plain text and returns it unchanged', async () => {
    const subject = `<script>alert(1)</script>'; DROP TABLE tickets; --`;
    const body = `<img src=x onerror=alert(1)> " OR 1=1 -- ${'\u0000'.length ? 'null' : ''} Ünïcödé 😀`;
    const res = await customer.client.post('/api/v1/tickets', { subject, body, tags: ['<b>tag</b>', "o'reilly"] });
    expect(res.status).toBe(201);
    expect(res.body.subject).toBe(subject);
    expect(res.body.tags).toEqual(['<b>tag</b>', "o'reilly"]);
    expect(res.headers['content-type']).toContain('application/json');
    const messages = await customer.client.get(`/api/v1/tickets/${res.body.id}/messages`);
    expect(messages.body.items[0].body).toBe(body);
    expect((await customer.client.get('/api/v1/tickets')).status).toBe(200);
  });
});

describe.each(DIALECTS)('sign-in and sessions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('signs in with a cookie, needs the CSRF token for writes, and signs out', async () => {
    const user = await t.user({ role: 'customer', email: 'lena@example.test', password: 'richtig-geheim-1' });
    const login = await t.anonymous.post('/api/v1/auth/login', { email: 'LENA@example.test', password: 'richtig-geheim-1' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ id: user.id, role: 'customer' });
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/anlauf_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(JSON.stringify(login.body)).not.toMatch(/"password"|hash/i);

    const cookie = setCookie.split(';')[0]!;
    const noCsrf = await t.anonymous.request('POST', '/api/v1/tickets', { subject: 'x', body: 'y' }, { cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');
    const wrongCsrf = await t.anonymous.request('POST', '/api/v1/tickets', { subject: 'x', body: 'y' }, { cookie, 'x-csrf-token': 'forged' });
    expect(wrongCsrf.status).toBe(403);
    const ok = await t.anonymous.request('POST', '/api/v1/tickets', { subject: 'x', body: 'y' }, { cookie, 'x-csrf-token': login.body.csrfToken });
    expect(ok.status).toBe(201);
    expect(ok.body.channel).toBe('web');
    expect((await t.anonymous.request('GET', '/api/v1/auth/me', undefined, { cookie })).body.csrfToken).toBe(login.body.csrfToken);

    expect((await t.anonymous.request('POST', '/api/v1/auth/logout', undefined, { cookie })).status).toBe(403);
    expect((await t.anonymous.request('POST', '/api/v1/auth/logout', undefined, { cookie, 'x-csrf-token': login.body.csrfToken })).status).toBe(204);
    expect((await t.anonymous.request('GET', '/api/v1/auth/me', undefined, { cookie })).status).toBe(401);
  });

  it('refuses wrong passwords, anonymous calls and bad tokens without revealing details', async () => {
    await t.user({ role: 'agent', email: 'ben@example.test', password: 'korrekt-pferd-1' });
    const wrong = await t.anonymous.post('/api/v1/auth/login', { email: 'ben@example.test', password: 'falsch-falsch' });
    const unknown = await t.anonymous.post('/api/v1/auth/login', { email: 'niemand@example.test', password: 'falsch-falsch' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    const anon = await t.anonymous.post('/api/v1/tickets', { subject: 'x' });
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('not_signed_in');
    expect((await t.anonymous.request('GET', '/api/v1/tickets', undefined, { authorization: 'Bearer anl_nope' })).status).toBe(401);
    expect((await t.anonymous.request('GET', '/api/v1/tickets', undefined, { authorization: 'Basic abc' })).status).toBe(401);
    expect((await t.anonymous.request('GET', '/api/v1/tickets', undefined, { cookie: 'anlauf_session=forged' })).status).toBe(401);
  });

  it('rate-limits sign-in attempts with a clear 429', async () => {
    const statuses: number[] = [];
    let last: { status: number; body: any } | undefined;
    for (let i = 0; i < 12; i++) {
      last = await t.anonymous.post('/api/v1/auth/login', { email: 'opfer@example.test', password: `rate-${i}` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(last!.body.error.code).toBe('rate_limited');
    expect(last!.body.error.message).toMatch(/wait/i);
  });
});

describe('service endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('serves health, the OpenAPI document, the docs page and admin-only metrics', async () => {
    expect((await t.anonymous.get('/healthz')).body).toEqual({ status: 'ok' });
    const openapi = await t.anonymous.get('/api/v1/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/v1/tickets', '/api/v1/tickets/{id}', '/api/v1/tickets/{id}/messages', '/api/v1/auth/login']));
    expect(openapi.body.paths['/api/v1/tickets'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['subject', 'body']));
    const docs = await t.anonymous.get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger');
    expect((await t.anonymous.get('/metrics')).status).toBe(401);
    const agent = await t.user({ role: 'agent' });
    expect((await agent.client.get('/metrics')).status).toBe(403);
    const metrics = await t.admin.client.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('anlauf_http_request_duration_seconds');
  });

  it('sends a request id and security headers on every answer', async () => {
    const res = await t.anonymous.get('/healthz');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("object-src 'none'");
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // The same on an error answer, which no route handler shaped.
    const refused = await t.anonymous.get('/api/v1/tickets');
    expect(refused.status).toBe(401);
    expect(refused.headers['content-security-policy']).toContain("default-src 'self'");
    expect(refused.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
