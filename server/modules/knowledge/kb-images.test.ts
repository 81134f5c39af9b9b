import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { upload } from '../attachments/test/upload.ts';
import { cleanUnlinkedAttachments } from '../attachments/clean-unlinked-attachments.ts';
import { storagePath } from '../attachments/attachment-store.ts';
import { GIF_1X1, JPEG_HEAD, PNG_1X1, uploadImages, WEBP_HEAD } from './test/images.ts';
import { imageIdsIn, MAX_KB_IMAGE_BYTES, sniffImageType } from './kb-images.ts';

describe('recognising images by their first bytes', () => {
  it('knows PNG, JPEG, GIF and WebP, and nothing else', () => {
    expect([PNG_1X1, JPEG_HEAD, GIF_1X1, WEBP_HEAD].map(sniffImageType)).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImageType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });

  it('finds our image addresses in Markdown and HTML, once each', () => {
    expect(imageIdsIn('![a](/api/v1/kb/images/3) <img src="/api/v1/kb/images/12"> ![b](/api/v1/kb/images/3) /api/v1/kb/images/x')).toEqual([3, 12]);
  });
});

/** An author's path: upload, insert, publish; readers see an image exactly when they may read an article that shows it. */
describe.each(DIALECTS)('images in articles on %s', (dialect) => {
  let t: TestApp;
  let agent: TestUser;
  let requester: TestUser;
  let otherRequester: TestUser;
  let organisationId: number;
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { events: 'manual' });
    agent = await t.user({ role: 'agent' });
    organisationId = await t.organisation('Kunde GmbH');
    requester = await t.user({ role: 'customer', organisationId });
    otherRequester = await t.user({ role: 'customer', organisationId: await t.organisation('Andere AG') });
  });
  afterAll(() => t.close());

  const uploadOne = async (content: Buffer, filename = 'bild.png', type = 'image/png') => {
    const res = await uploadImages(agent.client, [{ filename, content, type }]);
    expect(res.status).toBe(201);
    return res.body.items[0] as { id: number; url: string; contentType: string };
  };
  const write = async (over: Record<string, unknown>) => {
    const res = await agent.client.post('/api/v1/kb/articles', { title: 'Drucker einrichten', body: 'Text', locale: 'de', visibility: 'public', status: 'published', ...over });
    expect(res.status).toBe(201);
    return res.body as { id: number; slug: string; version: number };
  };

  it('stores images by their content type, whatever the browser declared', async () => {
    const png = await uploadOne(PNG_1X1, 'screenshot.bin', 'application/octet-stream');
    expect(png).toMatchObject({ url: `/api/v1/kb/images/${png.id}`, contentType: 'image/png' });
    expect((await uploadOne(GIF_1X1, 'a.gif', 'image/gif')).contentType).toBe('image/gif');
    expect((await uploadOne(JPEG_HEAD, 'a.jpg', 'image/png')).contentType).toBe('image/jpeg');
    expect((await uploadOne(WEBP_HEAD, 'a.webp', 'image/webp')).contentType).toBe('image/webp');
    const own = await agent.client.get(png.url);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(own.raw.rawPayload, PNG_1X1)).toBe(0);
  });

  it('refuses what is not a raster image, SVG, oversized files, and uploads by requesters or anonymous callers', async () => {
    const html = await uploadImages(agent.client, [{ filename: 'x.png', content: '<html><script>alert(1)</script></html>', type: 'image/png' }]);
    expect(html.status).toBe(415);
    expect(html.body.error.message).toMatch(/not a PNG, JPEG, GIF or WebP image/);
    const svg = await uploadImages(agent.client, [{ filename: 'logo.svg', content: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', type: 'image/svg+xml' }]);
    expect(svg.status).toBe(415);
    expect(svg.body.error.message).toMatch(/SVG/);
    const big = await uploadImages(agent.client, [{ filename: 'big.png', content: Buffer.concat([PNG_1X1, Buffer.alloc(MAX_KB_IMAGE_BYTES)]), type: 'image/png' }]);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/too large: at most 5 MiB/);
    // One refused file refuses the whole upload: nothing of it is kept.
    const mixed = await uploadImages(agent.client, [
      { filename: 'ok.png', content: PNG_1X1, type: 'image/png' },
      { filename: 'bad.png', content: 'text', type: 'image/png' },
    ]);
    expect(mixed.status).toBe(415);
    expect((await uploadImages(requester.client, [{ filename: 'a.png', content: PNG_1X1 }])).status).toBe(403);
    expect((await uploadImages(t.anonymous, [{ filename: 'a.png', content: PNG_1X1 }])).status).toBe(401);
    const count = await t.db.handle.db
      .selectFrom('kb_images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4);
  });

  it('shows an image to readers only through a published article they may read', async () => {
    const internalImage = await uploadOne(PNG_1X1);
    const draftImage = await uploadOne(GIF_1X1, 'b.gif', 'image/gif');
    const publicImage = await uploadOne(JPEG_HEAD, 'c.jpg', 'image/jpeg');
    const unused = await uploadOne(WEBP_HEAD, 'd.webp', 'image/webp');
    await write({ title: 'Intern', visibility: 'internal', body: `![intern](${internalImage.url})` });
    await write({ title: 'Entwurf', status: 'draft', body: `![entwurf](${draftImage.url})` });
    await write({ title: 'Öffentlich', body: `Vorher ![öffentlich](${publicImage.url}) und ![intern](${internalImage.url}) nachher` });
    // The public article also shows the internal image now: readers see it through that one.
    for (const image of [draftImage, unused]) {
      for (const client of [t.anonymous, requester.client]) expect((await client.get(image.url)).status).toBe(404);
      expect((await agent.client.get(image.url)).status).toBe(200);
    }
    const anonymous = await t.anonymous.get(publicImage.url);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers['content-type']).toBe('image/jpeg');
    expect(anonymous.headers['x-content-type-options']).toBe('nosniff');
    expect(anonymous.headers['cache-control']).toBe('public, max-age=3600');
    expect((await requester.client.get(publicImage.url)).headers['cache-control']).toBe('private, no-cache');
    const etag = String(anonymous.headers.etag);
    expect((await t.anonymous.request('GET', publicImage.url, undefined, { 'if-none-match': etag })).status).toBe(304);
    expect((await t.anonymous.get(internalImage.url)).status).toBe(200);
    // An article for one organisation: its requesters see the image, nobody else outside.
    const orgImage = await uploadOne(PNG_1X1);
    await write({ title: 'Nur für Kunde GmbH', visibility: 'organisation', organisationId, body: `![kunde](${orgImage.url})` });
    expect((await requester.client.get(orgImage.url)).status).toBe(200);
    expect((await otherRequester.client.get(orgImage.url)).status).toBe(404);
    expect((await t.anonymous.get(orgImage.url)).status).toBe(404);
    expect((await t.anonymous.get('/api/v1/kb/images/999999')).status).toBe(404);
  });

  it('follows the article: an image leaves with a new version and comes back when an old one is restored', async () => {
    const image = await uploadOne(PNG_1X1);
    const article = await write({ title: 'Mit Bild', body: `![Schritt 1](${image.url})` });
    expect((await t.anonymous.get(image.url)).status).toBe(200);
    const v2 = await agent.client.patch(`/api/v1/kb/articles/${article.id}`, { version: article.version, body: 'Ohne Bild' });
    expect(v2.status).toBe(200);
    expect((await t.anonymous.get(image.url)).status).toBe(404);
    const restored = await agent.client.post(`/api/v1/kb/articles/${article.id}/versions/1/restore`, { version: v2.body.version });
    expect(restored.status).toBe(200);
    expect(restored.body.body).toContain(image.url);
    expect((await t.anonymous.get(image.url)).status).toBe(200);
    // Made internal: gone for the public again.
    expect((await agent.client.patch(`/api/v1/kb/articles/${article.id}`, { version: restored.body.version, visibility: 'internal' })).status).toBe(200);
    expect((await t.anonymous.get(image.url)).status).toBe(404);
  });

  it('renders our images on the help-center page and drops external and script sources', async () => {
    const image = await uploadOne(PNG_1X1);
    const article = await write({
      title: 'Bildschirmfoto',
      body: `![Der Dialog](${image.url})\n\n![fremd](https://tracker.example/pixel.png) <img src="javascript:alert(1)"> <img src="//evil.example${image.url}"> <img src="${image.url}" onerror="alert(2)">`,
    });
    const page = await t.anonymous.get(`/help/articles/${article.slug}`);
    expect(page.status).toBe(200);
    const html = page.body as string;
    expect(html).toContain(`<img src="${image.url}" alt="Der Dialog" loading="lazy" />`);
    expect(html.match(/<img /g)).toHaveLength(2);
    expect(html).not.toMatch(/tracker\.example|javascript:|evil\.example|onerror/);
    // The page's CSP lets our own images load and nothing from elsewhere.
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("default-src 'self'");
  });

  it('keeps an image file that a ticket upload with the same content no longer needs', async () => {
    const content = Buffer.concat([PNG_1X1, Buffer.from('geteilt')]);
    const image = await uploadOne(content);
    await write({ title: 'Geteilter Inhalt', body: `![x](${image.url})` });
    const ticket = (await requester.client.post('/api/v1/tickets', { subject: 'Bild', body: 'Text' })).body.id as number;
    expect((await upload(requester.client, ticket, [{ filename: 'same.png', content, type: 'image/png' }])).status).toBe(201);
    const row = await t.db.handle.db.selectFrom('kb_images').select('storage_key').where('id', '=', image.id).executeTakeFirstOrThrow();
    const file = storagePath(t.config.dataDir, row.storage_key);
    fs.utimesSync(file, new Date(Date.now() - 3 * 86_400_000), new Date(Date.now() - 3 * 86_400_000));
    expect(await cleanUnlinkedAttachments(t.db.handle.db, t.config.dataDir, new Date(Date.now() + 2 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(file)).toBe(true);
    expect((await t.anonymous.get(image.url)).status).toBe(200);
  });
});
