import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { attachmentsDir, tempDir } from './attachment-store.ts';
import { cleanUnlinkedAttachments } from './clean-unlinked-attachments.ts';
import { upload } from './test/upload.ts';

/** Every file under a directory, relative paths. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe.each(DIALECTS)('attachments on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let customer: TestUser;
  let stranger: TestUser;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    agent = await t.user({ role: 'agent', name: 'Anna Agent' });
    customer = await t.user({ role: 'customer', name: 'Karl Kunde' });
    stranger = await t.user({ role: 'customer', name: 'Fremde Person' });
    const created = await customer.client.post('/api/v1/tickets', { subject: 'VPN bricht ab', body: 'Log im Anhang.' });
    ticketId = created.body.id;
  });
  afterAll(() => t.close());

  it('uploads, attaches to a reply and lets the requester download the exact bytes', async () => {
    const content = crypto.randomBytes(5000);
    const uploaded = await upload(customer.client, ticketId, [{ filename: 'VPN-Protokoll März.log', content, type: 'text/plain; charset=UTF-8' }]);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.items).toEqual([{ id: expect.any(Number), filename: 'VPN-Protokoll März.log', contentType: 'text/plain', size: 5000 }]);
    const attachmentId = uploaded.body.items[0].id;

    const message = await customer.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Hier das Protokoll.', attachmentIds: [attachmentId] });
    expect(message.status).toBe(201);
    expect(message.body.attachments).toEqual([{ id: attachmentId, filename: 'VPN-Protokoll März.log', contentType: 'text/plain', size: 5000 }]);

    for (const client of [customer.client, agent.client, t.admin.client]) {
      const download = await client.get(`/api/v1/attachments/${attachmentId}`);
      expect(download.status).toBe(200);
      expect(download.raw.rawPayload.equals(content)).toBe(true);
      expect(download.headers['content-type']).toBe('text/plain');
      expect(download.headers['content-length']).toBe('5000');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(`attachment; filename="VPN-Protokoll Marz.log"; filename*=UTF-8''VPN-Protokoll%20M%C3%A4rz.log`);
    }
    // Used once: a second message cannot take it again.
    expect((await customer.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'nochmal', attachmentIds: [attachmentId] })).status).toBe(400);
  });

  it('never gives a requester the files of internal notes or of tickets they cannot see', async () => {
    const secret = await upload(agent.client, ticketId, [{ filename: 'firewall-regeln.txt', content: 'intern: Port 4711 offen' }]);
    expect(secret.status).toBe(201);
    const secretId = secret.body.items[0].id;
    // Not yet on a message: only the uploader's side may fetch it.
    expect((await customer.client.get(`/api/v1/attachments/${secretId}`)).status).toBe(404);
    const note = await agent.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Regeln angehängt', internal: true, attachmentIds: [secretId] });
    expect(note.status).toBe(201);

    const denied = await customer.client.get(`/api/v1/attachments/${secretId}`);
    expect(denied.status).toBe(404);
    expect(denied.body.error.code).toBe('not_found');
    expect((await agent.client.get(`/api/v1/attachments/${secretId}`)).status).toBe(200);

    const publicFile = (await t.db.handle.db.selectFrom('attachments').select('id').where('ticket_id', '=', ticketId).where('id', '!=', secretId).executeTakeFirstOrThrow()).id;
    for (const id of [secretId, publicFile]) expect((await stranger.client.get(`/api/v1/attachments/${id}`)).status).toBe(404);
    expect((await upload(stranger.client, ticketId, [{ filename: 'x.txt', content: 'x' }])).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/attachments/${publicFile}`)).status).toBe(401);
    expect((await upload(t.anonymous, ticketId, [{ filename: 'x.txt', content: 'x' }])).status).toBe(401);
    expect((await agent.client.get('/api/v1/attachments/999999')).status).toBe(404);
    expect((await agent.client.get('/api/v1/attachments/abc')).status).toBe(400);
  });

  it('stores hostile names and types harmlessly and serves active content only as a sandboxed download', async () => {
    const res = await upload(customer.client, ticketId, [
      { filename: '../../etc/passwd', content: 'root:x:0:0', type: 'text/plain' },
      { filename: 'C:\\Users\\eve\\evil\u202Egpj.exe', content: 'MZ', type: 'not a type' },
      { filename: 'seite.html', content: '<script>alert(1)</script>', type: 'text/html' },
      { filename: '..', content: 'dots', type: 'image/svg+xml' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.items.map((i: { filename: string; contentType: string }) => [i.filename, i.contentType])).toEqual([
      ['passwd', 'text/plain'],
      ['evilgpj.exe', 'application/octet-stream'],
      ['seite.html', 'text/html'],
      ['attachment', 'image/svg+xml'],
    ]);
    // Every file landed inside the attachment store under its hash, nothing elsewhere.
    const rows = await t.db.handle.db
      .selectFrom('attachments')
      .select(['storage_key', 'sha256'])
      .where(
        'id',
        'in',
        res.body.items.map((i: { id: number }) => i.id),
      )
      .execute();
    for (const row of rows) expect(row.storage_key).toBe(`${row.sha256.slice(0, 2)}/${row.sha256.slice(2, 4)}/${row.sha256}`);
    expect(fs.existsSync(path.join(t.config.dataDir, 'etc'))).toBe(false);
    expect(filesUnder(tempDir(t.config.dataDir))).toEqual([]);

    const html = await customer.client.get(`/api/v1/attachments/${res.body.items[2].id}`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/html');
    expect(html.headers['content-disposition']).toMatch(/^attachment; /);
    expect(html.headers['content-security-policy']).toContain('sandbox');
  });

  it('stores the same content once on disk', async () => {
    const content = crypto.randomBytes(2048);
    const before = filesUnder(attachmentsDir(t.config.dataDir)).length;
    const first = await upload(agent.client, ticketId, [{ filename: 'a.bin', content }]);
    const second = await upload(agent.client, ticketId, [
      { filename: 'b.bin', content },
      { filename: 'c.bin', content },
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(filesUnder(attachmentsDir(t.config.dataDir)).length).toBe(before + 1);
    const ids = [first.body.items[0].id, ...second.body.items.map((i: { id: number }) => i.id)];
    const keys = await t.db.handle.db.selectFrom('attachments').select('storage_key').where('id', 'in', ids).execute();
    expect(new Set(keys.map((k) => k.storage_key)).size).toBe(1);
  });

  it('refuses requests that are not multipart, are broken or carry no file', async () => {
    const json = await customer.client.post(`/api/v1/tickets/${ticketId}/attachments`, { file: 'abc' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('unsupported_media_type');
    const text = await customer.client.request('POST', `/api/v1/tickets/${ticketId}/attachments`, 'abc', { 'content-type': 'application/octet-stream' });
    expect(text.status).toBe(415);
    for (const [contentType, body] of [
      ['multipart/form-data', 'garbage'],
      ['multipart/form-data; boundary=abc', 'garbage'],
      ['multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\ncut off'],
    ]) {
      const broken = await customer.client.request('POST', `/api/v1/tickets/${ticketId}/attachments`, body, { 'content-type': contentType! });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('invalid_input');
    }
    expect(filesUnder(tempDir(t.config.dataDir))).toEqual([]);
    const empty = await upload(customer.client, ticketId, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_input');
  });

  it('cleans uploads that no message took within a day, keeping shared files', async () => {
    const content = crypto.randomBytes(100);
    const lonely = await upload(agent.client, ticketId, [{ filename: 'vergessen.bin', content }]);
    const lonelyId = lonely.body.items[0].id;
    const key = (await t.db.handle.db.selectFrom('attachments').select('storage_key').where('id', '=', lonelyId).executeTakeFirstOrThrow()).storage_key;
    const file = path.join(attachmentsDir(t.config.dataDir), key);
    const leftover = path.join(tempDir(t.config.dataDir), 'upload-from-a-crash');
    fs.writeFileSync(leftover, 'half an upload');
    expect(await cleanUnlinkedAttachments(t.db.handle.db, t.config.dataDir)).toBe(0);
    expect(fs.existsSync(leftover)).toBe(true);
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    expect(await cleanUnlinkedAttachments(t.db.handle.db, t.config.dataDir, inTwoDays)).toBeGreaterThanOrEqual(1);
    expect(await t.db.handle.db.selectFrom('attachments').select('id').where('id', '=', lonelyId).executeTakeFirst()).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(leftover)).toBe(false);
    // Files of attachments on messages stay.
    const linked = await t.db.handle.db.selectFrom('attachments').select('storage_key').where('message_id', 'is not', null).execute();
    for (const row of linked) expect(fs.existsSync(path.join(attachmentsDir(t.config.dataDir), row.storage_key))).toBe(true);
  });
});

describe.each(DIALECTS)('attachment size limit on %s', (dialect) => {
  let t: TestApp;
  let customer: TestUser;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, { maxAttachmentBytes: 1024 });
    customer = await t.user({ role: 'customer' });
    ticketId = (await customer.client.post('/api/v1/tickets', { subject: 'Großer Anhang', body: 'siehe Anhang' })).body.id;
  });
  afterAll(() => t.close());

  it('answers 413 over the limit and keeps nothing of the upload', async () => {
    const exact = await upload(customer.client, ticketId, [{ filename: 'genau.bin', content: crypto.randomBytes(1024) }]);
    expect(exact.status).toBe(201);
    const filesBefore = filesUnder(attachmentsDir(t.config.dataDir));
    const rowsBefore = await t.db.handle.db.selectFrom('attachments').select('id').execute();

    const res = await upload(customer.client, ticketId, [
      { filename: 'klein.txt', content: 'small and fine' },
      { filename: 'gross.bin', content: crypto.randomBytes(5000) },
    ]);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
    expect(res.body.error.message).toContain('gross.bin');
    expect(filesUnder(attachmentsDir(t.config.dataDir))).toEqual(filesBefore);
    expect(filesUnder(tempDir(t.config.dataDir))).toEqual([]);
    expect(await t.db.handle.db.selectFrom('attachments').select('id').execute()).toEqual(rowsBefore);
  });
});
