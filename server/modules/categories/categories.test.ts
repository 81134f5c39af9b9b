import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';

describe.each(DIALECTS)('categories on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('lets an admin build a two-level service catalogue that everyone reads', async () => {
    const admin = t.admin.client;
    const sap = await admin.post('/api/v1/categories', { name: 'SAP' });
    expect(sap.status).toBe(201);
    expect(sap.body).toEqual({ id: expect.any(Number), name: 'SAP', nameEn: null, parentId: null, active: true, groupId: null, escalationGroupId: null, createdAt: expect.any(String) });
    const fi = await admin.post('/api/v1/categories', { name: 'SAP FI', parentId: sap.body.id });
    expect(fi.body).toMatchObject({ name: 'SAP FI', parentId: sap.body.id });
    const mm = (await admin.post('/api/v1/categories', { name: 'SAP MM', parentId: sap.body.id })).body;
    const mail = (await admin.post('/api/v1/categories', { name: 'E-Mail' })).body;

    const customer = await t.user({ role: 'customer' });
    const seen = await customer.client.get('/api/v1/categories');
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((c: { name: string }) => c.name)).toEqual(['E-Mail', 'SAP', 'SAP FI', 'SAP MM']);

    // Rename and deactivate: the branch of a deactivated parent leaves the catalogue.
    expect((await admin.patch(`/api/v1/categories/${mm.id}`, { name: 'SAP MM (Einkauf)' })).body.name).toBe('SAP MM (Einkauf)');
    expect((await admin.patch(`/api/v1/categories/${sap.body.id}`, { active: false })).body.active).toBe(false);
    expect((await customer.client.get('/api/v1/categories')).body.items.map((c: { name: string }) => c.name)).toEqual(['E-Mail']);
    const all = await admin.get('/api/v1/categories?all=true');
    expect(all.body.items.map((c: { name: string; active: boolean }) => `${c.name}:${c.active}`)).toEqual(['E-Mail:true', 'SAP:false', 'SAP FI:true', 'SAP MM (Einkauf):true']);
    await admin.patch(`/api/v1/categories/${sap.body.id}`, { active: true });

    // A ticket can use a category from the catalogue.
    const ticket = await customer.client.post('/api/v1/tickets', { subject: 'Postfach voll', body: 'Kann nichts mehr empfangen.', categoryId: mail.id });
    expect(ticket.body.category).toEqual({ id: mail.id, name: 'E-Mail' });
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/categories', '/api/v1/categories/{id}']));
  });

  it('refuses deep nesting, duplicates among siblings, bad input and non-admins', async () => {
    const admin = t.admin.client;
    const top = (await admin.post('/api/v1/categories', { name: 'Hardware' })).body;
    const child = (await admin.post('/api/v1/categories', { name: 'Drucker', parentId: top.id })).body;
    const deep = await admin.post('/api/v1/categories', { name: 'Toner', parentId: child.id });
    expect(deep.status).toBe(400);
    expect(deep.body.error.fields).toHaveProperty('parentId');
    expect((await admin.post('/api/v1/categories', { name: 'Waise', parentId: 999999 })).status).toBe(400);
    const dup = await admin.post('/api/v1/categories', { name: 'drucker', parentId: top.id });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields).toEqual({ name: 'Already taken.' });
    // The same name at another place is fine.
    expect((await admin.post('/api/v1/categories', { name: 'Drucker' })).status).toBe(201);
    expect((await admin.post('/api/v1/categories', { name: '' })).status).toBe(400);
    expect((await admin.post('/api/v1/categories', { name: 'X', colour: 'red' })).status).toBe(400);
    expect((await admin.patch(`/api/v1/categories/${child.id}`, { parentId: null })).status).toBe(400);
    expect((await admin.patch('/api/v1/categories/999999', { name: 'Nichts' })).status).toBe(404);
    expect((await admin.patch('/api/v1/categories/0', { name: 'Nichts' })).status).toBe(400);
    expect((await admin.get('/api/v1/categories?all=vielleicht')).status).toBe(400);

    const agent = await t.user({ role: 'agent' });
    const customer = await t.user({ role: 'customer' });
    for (const caller of [agent, customer]) {
      expect((await caller.client.post('/api/v1/categories', { name: 'Eigenes' })).status).toBe(403);
      expect((await caller.client.patch(`/api/v1/categories/${top.id}`, { active: false })).status).toBe(403);
      expect((await caller.client.get('/api/v1/categories?all=true')).status).toBe(403);
    }
    expect((await t.anonymous.get('/api/v1/categories')).status).toBe(401);
    expect((await admin.get('/api/v1/categories')).body.items.find((c: { id: number }) => c.id === top.id).active).toBe(true);
  });

  it('keeps an English name beside the German one and lists names in German order', async () => {
    const admin = t.admin.client;
    const created = await admin.post('/api/v1/categories', { name: 'Buchhaltung', nameEn: 'Accounting' });
    expect(created.body).toMatchObject({ name: 'Buchhaltung', nameEn: 'Accounting' });
    await admin.post('/api/v1/categories', { name: 'Bäckerei-Kasse' });
    await admin.post('/api/v1/categories', { name: 'Öffnungszeiten' });
    const renamed = await admin.patch(`/api/v1/categories/${created.body.id}`, { nameEn: 'Bookkeeping' });
    expect(renamed.body.nameEn).toBe('Bookkeeping');
    expect((await admin.patch(`/api/v1/categories/${created.body.id}`, { nameEn: '' })).body.nameEn).toBeNull();
    const names = (await admin.get('/api/v1/categories')).body.items.map((c: { name: string }) => c.name);
    // Byte order would put "Bäckerei" after "Buchhaltung" and "Öffnungszeiten" after "Z…".
    expect(names.indexOf('Bäckerei-Kasse')).toBeLessThan(names.indexOf('Buchhaltung'));
    expect(names.indexOf('Öffnungszeiten')).toBeLessThan(names.indexOf('SAP'));
  });
});
