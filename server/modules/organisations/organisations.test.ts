import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('organisations on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets an admin create, find, page and change organisations', async () => {
    const admin = t.admin.client;
    const created = await admin.post('/api/v1/organisations', { name: 'Müller Logistik GmbH', kind: 'customer', domain: 'Mueller-Logistik.DE', sharesTickets: true });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Müller Logistik GmbH',
      kind: 'customer',
      domain: 'mueller-logistik.de',
      sharesTickets: true,
      domainTrusted: false,
      active: true,
      createdAt: expect.any(String),
    });
    const it1 = await admin.post('/api/v1/organisations', { name: 'IT-Abteilung', kind: 'internal' });
    expect(it1.body).toMatchObject({ kind: 'internal', domain: null, sharesTickets: false });
    for (const name of ['Alpha AG', 'Beta KG', 'Gamma 100% GmbH']) expect((await admin.post('/api/v1/organisations', { name, kind: 'customer' })).status).toBe(201);

    expect((await admin.get(`/api/v1/organisations/${created.body.id}`)).body.name).toBe('Müller Logistik GmbH');
    expect((await admin.get('/api/v1/organisations?q=LOGISTIK')).body.items.map((o: { name: string }) => o.name)).toEqual(['Müller Logistik GmbH']);
    expect((await admin.get('/api/v1/organisations?q=100%25')).body.items.map((o: { name: string }) => o.name)).toEqual(['Gamma 100% GmbH']);
    expect((await admin.get('/api/v1/organisations?kind=internal')).body.items.map((o: { name: string }) => o.name)).toEqual(['IT-Abteilung']);

    // Keyset pages of two walk every organisation exactly once, in name order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin.get(`/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((o: { name: string }) => o.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toContain('Alpha AG');

    const changed = await admin.patch(`/api/v1/organisations/${created.body.id}`, { name: 'Müller Logistik SE', sharesTickets: false, domain: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Müller Logistik SE', sharesTickets: false, domain: null, kind: 'customer' });

    // Agents read the list too.
    const agent = await t.user({ role: 'agent' });
    expect((await agent.client.get('/api/v1/organisations')).body.items).toHaveLength(5);

    // The document lists the area.
    const doc = await t.anonymous.get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/organisations', '/api/v1/organisations/{id}']));
  });

  it('rejects bad input, duplicates and unknown ids with the contract error body', async () => {
    const admin = t.admin.client;
    await admin.post('/api/v1/organisations', { name: 'Doppelt GmbH', kind: 'customer' });
    const dup = await admin.post('/api/v1/organisations', { name: 'doppelt gmbh', kind: 'customer' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', fields: { name: 'Already taken.' } });
    const other = await admin.post('/api/v1/organisations', { name: 'Einzeln GmbH', kind: 'customer' });
    expect((await admin.patch(`/api/v1/organisations/${other.body.id}`, { name: 'Doppelt GmbH' })).status).toBe(409);

    const unknownField = await admin.post('/api/v1/organisations', { name: 'X', kind: 'customer', colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe('invalid_input');
    expect(JSON.stringify(unknownField.body.error.fields)).toContain('colour');
    expect((await admin.post('/api/v1/organisations', { name: 'X', kind: 'partner' })).body.error.fields.kind).toBeDefined();
    expect((await admin.post('/api/v1/organisations', { name: 'X', kind: 'customer', domain: 'not a domain' })).status).toBe(400);
    expect((await admin.post('/api/v1/organisations', { name: '   ', kind: 'customer' })).status).toBe(400);
    expect((await admin.get('/api/v1/organisations/999999')).status).toBe(404);
    expect((await admin.get('/api/v1/organisations/abc')).status).toBe(400);
    expect((await admin.patch('/api/v1/organisations/999999', { name: 'Nichts' })).status).toBe(404);
    expect((await admin.get('/api/v1/organisations?cursor=kaputt')).status).toBe(400);
    expect((await admin.get('/api/v1/organisations?limit=1000')).status).toBe(400);
  });

  it('keeps customers to their own organisation and everyone but admins from changing any', async () => {
    const own = await t.organisation('Eigene Firma AG');
    const foreign = await t.organisation('Fremde Firma AG');
    const customer = await t.user({ role: 'customer', organisationId: own });
    const agent = await t.user({ role: 'agent' });

    expect((await customer.client.get(`/api/v1/organisations/${own}`)).body).toMatchObject({ id: own, name: 'Eigene Firma AG' });
    const denied = await customer.client.get(`/api/v1/organisations/${foreign}`);
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('not_found');
    expect((await customer.client.get('/api/v1/organisations')).status).toBe(403);

    for (const caller of [customer, agent]) {
      expect((await caller.client.post('/api/v1/organisations', { name: 'Übernahme AG', kind: 'customer' })).status).toBe(403);
      expect((await caller.client.patch(`/api/v1/organisations/${own}`, { sharesTickets: true })).status).toBe(403);
    }
    expect((await t.anonymous.get('/api/v1/organisations')).status).toBe(401);
    expect((await t.admin.client.get(`/api/v1/organisations/${own}`)).body.sharesTickets).toBe(false);
  });
});
