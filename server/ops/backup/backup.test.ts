import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { upload } from '../../modules/attachments/test/upload.ts';
import { loadConfig } from '../../platform/config.ts';
import { type Db, nowIso, type Dialect } from '../../platform/db/database.ts';
import type { App } from '../../platform/http/context.ts';
import { Client, createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { createBackup } from './create-backup.ts';
import { restoreBackup } from './restore-backup.ts';
import { staleReportFacts } from '../../modules/reports/report-facts.ts';

async function login(app: App, email: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'anlauf_session');
  return new Client(app, { cookie: `anlauf_session=${cookie?.value}`, csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken });
}

/** A copy of a backup with something changed inside. */
async function tamper(file: string, out: string, change: (dir: string) => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-tamper-'));
  try {
    await tar.x({ file, cwd: dir });
    change(dir);
    await tar.c({ gzip: true, file: out, cwd: dir }, fs.readdirSync(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A table that no migration knows, as a later area might add: bytes, a self-reference that
 * points forward, a text key. Backup must find it by itself.
 */
async function createProbeTable(db: Db, dialect: Dialect): Promise<void> {
  const bytes = dialect === 'sqlite' ? sql`blob` : sql`bytea`;
  await sql`CREATE TABLE backup_probe (code text PRIMARY KEY, data ${bytes}, parent_code text REFERENCES backup_probe(code))`.execute(db);
}
const PROBE_BYTES = Buffer.from([0, 1, 2, 250, 255, 10, 13]);

const ids = (res: { body: { items: Array<{ id: number }> } }) => res.body.items.map((i) => i.id).sort((a, b) => a - b);

describe.each(DIALECTS)('backup of a %s installation', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  let ticketId: number;
  let publicFile: { id: number; content: Buffer };
  let noteFile: { id: number; content: Buffer };
  let backupFile: string;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-backup-test-'));
  const customerPassword = 'kunde-passwort-1';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = await t.organisation('Muster GmbH', { sharesTickets: true, domain: 'muster.example' });
    const network = await t.group('Netzwerk', 'specialist');
    agent = await t.user({ role: 'agent', name: 'Anna Agent', groupIds: [network] });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde', organisationId: org, password: customerPassword });
    // A category whose parent has a higher id: restore must cope with references forward.
    const child = await t.category('VPN');
    const parent = await t.category('Netzwerkdienste');
    await t.db.handle.db.updateTable('categories').set({ parent_id: parent }).where('id', '=', child).execute();

    const created = await customer.client.post('/api/v1/tickets', { subject: 'VPN trennt ständig', body: 'Die Verbindung bricht nach fünf Minuten ab.', tags: ['vpn', 'Netz'], categoryId: child });
    ticketId = created.body.id;
    const moved = await t.admin.client.patch(`/api/v1/tickets/${ticketId}`, { version: created.body.version, groupId: network, priority: 'high' });
    expect(moved.status).toBe(200);
    await agent.client.patch(`/api/v1/tickets/${ticketId}`, { version: moved.body.version, assigneeId: agent.id });

    publicFile = { id: 0, content: crypto.randomBytes(3000) };
    publicFile.id = (await upload(customer.client, ticketId, [{ filename: 'Protokoll Ü.log', content: publicFile.content, type: 'text/plain' }])).body.items[0].id;
    expect((await customer.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Protokoll anbei.', attachmentIds: [publicFile.id] })).status).toBe(201);
    noteFile = { id: 0, content: crypto.randomBytes(1500) };
    noteFile.id = (await upload(agent.client, ticketId, [{ filename: 'intern.bin', content: noteFile.content }])).body.items[0].id;
    expect((await agent.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Geheimwort Zebrafink: Firewall-Timeout', internal: true, attachmentIds: [noteFile.id] })).status).toBe(201);
    expect((await agent.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Bitte den Client aktualisieren.', status: 'pending' })).status).toBe(201);
    for (let i = 0; i < 3; i++) await customer.client.post('/api/v1/tickets', { subject: `Drucker ${i} streikt`, body: 'Papierstau im Fach zwei.' });

    await createProbeTable(t.db.handle.db, dialect);
    await sql`INSERT INTO backup_probe (code, data, parent_code) VALUES ('a', ${PROBE_BYTES}, NULL), ('b', NULL, NULL)`.execute(t.db.handle.db);
    await sql`UPDATE backup_probe SET parent_code = 'b' WHERE code = 'a'`.execute(t.db.handle.db);

    fs.mkdirSync(path.join(t.config.dataDir, 'keys'), { recursive: true });
    fs.writeFileSync(path.join(t.config.dataDir, 'keys', 'test-secrets.key'), 'c2VjcmV0');

    // The subscribers have caught up (the report facts of the tickets so far are in the backup);
    // the backup runs while the app keeps taking new tickets.
    await t.dispatcher.drain();
    backupFile = path.join(workDir, `anlauf-${dialect}.tar.gz`);
    const [summary, ...concurrent] = await Promise.all([
      createBackup(t.config, backupFile),
      ...Array.from({ length: 5 }, (_, i) => customer.client.post('/api/v1/tickets', { subject: `Während der Sicherung ${i}`, body: 'gleichzeitig angelegt' })),
    ]);
    for (const res of concurrent) expect(res.status).toBe(201);
    expect(summary.attachments).toBe(2);
    // It holds password hashes and keys: readable by its owner only.
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(summary.tickets).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('refuses to restore into an installation that is not empty', async () => {
    await expect(restoreBackup(t.config, backupFile)).rejects.toThrow(/not empty/);
  });

  it('refuses a file that is not a backup', async () => {
    const target = await createTestDatabase(dialect);
    try {
      const junk = path.join(workDir, 'junk.tar.gz');
      fs.writeFileSync(junk, 'this is not a tarball');
      await expect(restoreBackup(target, junk)).rejects.toThrow(/not a readable Anlauf backup/);
      await expect(restoreBackup(target, path.join(workDir, 'missing.tar.gz'))).rejects.toThrow(/There is no backup file/);
    } finally {
      await target.drop();
    }
  });

  it('refuses backups from a newer version and damaged attachment files, leaving the target empty', async () => {
    const newer = path.join(workDir, 'newer.tar.gz');
    await tamper(backupFile, newer, (dir) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      manifest.migrations.push('2099-01-01T0000-future');
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    });
    const damaged = path.join(workDir, 'damaged.tar.gz');
    await tamper(backupFile, damaged, (dir) => {
      const files = (fs.readdirSync(path.join(dir, 'attachments'), { recursive: true }) as string[]).filter((f) => f.length > 64);
      fs.appendFileSync(path.join(dir, 'attachments', files[0]!), 'x');
    });
    const target = await createTestDatabase(dialect);
    try {
      await expect(restoreBackup(target, newer)).rejects.toThrow(/newer version of Anlauf \(migration 2099-01-01T0000-future\)/);
      await expect(restoreBackup(target, damaged)).rejects.toThrow(/attachment file .* is damaged/);
      expect(await target.handle.db.selectFrom('tickets').select('id').execute()).toEqual([]);
    } finally {
      await target.drop();
    }
  });

  it('restores a backup from before the report facts kept minutes, and computes them', async () => {
    const older = path.join(workDir, 'older.tar.gz');
    const dropped = ['first_response_minutes', 'resolution_minutes'];
    await tamper(backupFile, older, (dir) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      const facts = manifest.tables.find((table: { name: string }) => table.name === 'ticket_report_facts');
      facts.columns = facts.columns.filter((c: string) => !dropped.includes(c));
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
      const rows = path.join(dir, 'tables', 'ticket_report_facts.ndjson');
      const lines = fs.readFileSync(rows, 'utf8').split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      fs.writeFileSync(rows, lines.map((line) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(line)).filter(([c]) => !dropped.includes(c))))).join('\n') + '\n');
    });
    const target = await createTestDatabase(dialect);
    try {
      await createProbeTable(target.handle.db, dialect);
      await restoreBackup(target, older);
      expect(await staleReportFacts(target.handle.db)).toEqual([]);
      const facts = await target.handle.db.selectFrom('ticket_report_facts').select('first_response_minutes').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
      expect(facts.first_response_minutes).toBeTypeOf('number');
    } finally {
      await target.drop();
    }
  });

  describe.each(DIALECTS)('restored into %s', (targetDialect: Dialect) => {
    let target: TestDatabase;
    let restored: App;

    beforeAll(async () => {
      target = await createTestDatabase(targetDialect);
      await createProbeTable(target.handle.db, targetDialect);
      const summary = await restoreBackup(target, backupFile);
      expect(summary).toMatchObject({ from: dialect, into: targetDialect, attachments: 2 });
      const config = { ...loadConfig({}, { readDotenv: false }), dataDir: target.dataDir, databaseUrl: target.databaseUrl };
      restored = (await buildApp({ config, database: target.handle })).app;
      await restored.ready();
    });
    afterAll(async () => {
      await restored.close();
      await target.drop();
    });

    it('brings back the same tickets, conversations and history, and people can sign in', async () => {
      const admin = await login(restored, 'admin@anlauf.test', 'admin-password-1');
      const after = await admin.get('/api/v1/tickets?limit=100');
      const before = await t.admin.client.get('/api/v1/tickets?limit=100');
      // A consistent snapshot: every ticket made before the backup, and only whole tickets.
      const restoredIds = ids(after);
      expect(restoredIds.length).toBeGreaterThanOrEqual(4);
      expect(after.body.items).toEqual(before.body.items.filter((i: { id: number }) => restoredIds.includes(i.id)));
      for (const id of restoredIds) {
        expect((await admin.get(`/api/v1/tickets/${id}/messages`)).body).toEqual((await t.admin.client.get(`/api/v1/tickets/${id}/messages`)).body);
        expect((await admin.get(`/api/v1/tickets/${id}/history`)).body).toEqual((await t.admin.client.get(`/api/v1/tickets/${id}/history`)).body);
      }
      const ticket = after.body.items.find((i: { id: number }) => i.id === ticketId);
      expect(ticket).toMatchObject({ status: 'pending', priority: 'high', tags: ['netz', 'vpn'], assignee: { id: agent.id }, category: { name: 'VPN' }, organisation: { name: 'Muster GmbH' } });

      const asCustomer = await login(restored, customer.email, customerPassword);
      const messages = await asCustomer.get(`/api/v1/tickets/${ticketId}/messages`);
      expect(messages.body.items.map((m: { body: string }) => m.body)).toEqual(['Die Verbindung bricht nach fünf Minuten ab.', 'Protokoll anbei.', 'Bitte den Client aktualisieren.']);

      // New rows continue after the restored ids (PostgreSQL sequences were reset).
      const fresh = await asCustomer.post('/api/v1/tickets', { subject: 'Nach der Wiederherstellung', body: 'läuft wieder' });
      expect(fresh.status).toBe(201);
      expect(fresh.body.id).toBeGreaterThan(Math.max(...restoredIds));
      const category = await target.handle.db.selectFrom('categories').select(['name', 'parent_id']).where('name', '=', 'VPN').executeTakeFirstOrThrow();
      expect(category.parent_id).not.toBeNull();
      const key = path.join(target.dataDir, 'keys', 'test-secrets.key');
      expect(fs.readFileSync(key, 'utf8')).toBe('c2VjcmV0');
      expect(fs.statSync(key).mode & 0o777).toBe(0o600);
      const probe = await sql<{ code: string; data: Buffer | null; parent_code: string | null }>`SELECT code, data, parent_code FROM backup_probe ORDER BY code`.execute(target.handle.db);
      expect(probe.rows).toEqual([
        { code: 'a', data: PROBE_BYTES, parent_code: 'b' },
        { code: 'b', data: null, parent_code: null },
      ]);
      await target.handle.db
        .insertInto('groups')
        .values({ name: `Neu ${targetDialect}`, level: '2', created_at: nowIso() })
        .execute();
    });

    it('serves the attachments byte for byte under the same rules', async () => {
      const asCustomer = await login(restored, customer.email, customerPassword);
      const admin = await login(restored, 'admin@anlauf.test', 'admin-password-1');
      const download = await asCustomer.get(`/api/v1/attachments/${publicFile.id}`);
      expect(download.status).toBe(200);
      expect(download.raw.rawPayload.equals(publicFile.content)).toBe(true);
      expect(download.headers['content-disposition']).toContain("filename*=UTF-8''Protokoll%20%C3%9C.log");
      expect((await asCustomer.get(`/api/v1/attachments/${noteFile.id}`)).status).toBe(404);
      const note = await admin.get(`/api/v1/attachments/${noteFile.id}`);
      expect(note.raw.rawPayload.equals(noteFile.content)).toBe(true);
    });

    it('finds the same tickets by search, internal words only for agents', async () => {
      const admin = await login(restored, 'admin@anlauf.test', 'admin-password-1');
      const asCustomer = await login(restored, customer.email, customerPassword);
      // "Zebraf": a prefix being typed (looked up in the word list, which restore rebuilds too).
      for (const q of ['Zebrafink', 'Zebraf', 'verbindung', 'Drucker', 'Client aktualisieren']) {
        const restoredHits = ids(await admin.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`));
        const sourceHits = ids(await t.admin.client.get(`/api/v1/tickets?q=${encodeURIComponent(q)}`));
        // None of these words stand in the tickets made during or after the backup.
        expect(restoredHits.length).toBeGreaterThan(0);
        expect(restoredHits).toEqual(sourceHits);
      }
      expect(ids(await admin.get('/api/v1/tickets?q=Zebrafink'))).toEqual([ticketId]);
      expect((await asCustomer.get('/api/v1/tickets?q=Zebrafink')).body.items).toEqual([]);
      expect(ids(await asCustomer.get('/api/v1/tickets?q=Verbindung'))).toEqual([ticketId]);
    });
  });
});
