import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { operationIdOf } from './openapi-operations.ts';

describe('operationIdOf', () => {
  it('names operations after method and path', () => {
    expect(operationIdOf('GET', '/api/v1/tickets')).toBe('listTickets');
    expect(operationIdOf('GET', '/api/v1/tickets/:id')).toBe('getTicket');
    expect(operationIdOf('POST', '/api/v1/tickets')).toBe('createTicket');
    expect(operationIdOf('POST', '/api/v1/tickets/{id}/messages')).toBe('createTicketMessage');
    expect(operationIdOf('PATCH', '/api/v1/tickets/:id')).toBe('updateTicket');
    expect(operationIdOf('POST', '/api/v1/tickets/:id/merge')).toBe('mergeTicket');
    expect(operationIdOf('DELETE', '/api/v1/me/views/:id')).toBe('deleteMyView');
    expect(operationIdOf('POST', '/api/v1/auth/password-reset/confirm')).toBe('confirmPasswordReset');
    expect(operationIdOf('POST', '/api/v1/admin/mailboxes')).toBe('createAdminMailbox');
    expect(operationIdOf('POST', '/api/v1/admin/jobs/:id/retry')).toBe('retryAdminJob');
  });
});

// The document does not depend on the database: SQLite is enough.
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    doc = (await t.anonymous.get('/api/v1/openapi.json')).body;
  });
  afterAll(() => t.close());

  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  it('gives every operation a unique operationId', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/tickets/{id}/messages']?.post?.operationId).toBe('createTicketMessage');
  });

  it('declares the error answers with the one error body', () => {
    for (const { path, method, op } of operations()) {
      expect(op.responses['400'], `${method} ${path}`).toBeDefined();
      // JSON, or the route's own media type (the live event stream).
      const schema = JSON.stringify(Object.values(op.responses['400']!.content ?? {})[0]?.schema);
      expect(schema, `${method} ${path}`).toContain('"code"');
      if (path.includes('{')) expect(op.responses['404'], `${method} ${path}`).toBeDefined();
      if (method !== 'get') expect(op.responses['409'], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/api/v1/tickets']?.get?.responses['401']).toBeDefined();
    expect(doc.paths['/api/v1/auth/login']?.post?.responses['429']).toBeDefined();
    // Searches may run past their time budget; other reads do not declare it.
    for (const search of ['/api/v1/tickets', '/api/v1/tickets/similar', '/api/v1/kb/articles', '/api/v1/kb/suggestions']) expect(doc.paths[search]?.get?.responses['503'], search).toBeDefined();
    expect(doc.paths['/api/v1/tickets/{id}']?.get?.responses['503']).toBeUndefined();
    // Public routes declare no 401, except sign-in itself (wrong password, two-factor codes).
    expect(doc.paths['/api/v1/auth/signup']?.post?.responses['401']).toBeUndefined();
    expect(doc.paths['/api/v1/auth/login']?.post?.responses['401']).toBeDefined();
  });

  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
