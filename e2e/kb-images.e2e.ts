import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/** A real PNG of the given size in one colour (what a screenshot tool puts on the clipboard). */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** The article's images that the browser actually decoded (naturalWidth > 0), by address. */
async function renderedImages(page: Page, selector: string): Promise<Array<{ src: string; width: number }>> {
  await page.waitForFunction((sel) => [...document.querySelectorAll<HTMLImageElement>(`${sel} img`)].every((img) => img.complete), selector);
  return page.$$eval(`${selector} img`, (imgs) => (imgs as HTMLImageElement[]).map((img) => ({ src: img.getAttribute('src') ?? '', width: img.naturalWidth })));
}

/** An author pastes a screenshot into an article and picks another file; the public help center shows the image. */
describe('images in knowledge articles, in the browser', () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    await h.t.user({ role: 'agent', name: 'Anna Autorin', email: 'anna@firma.test', password: PASSWORD });
    page = await (await h.context('de-DE')).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pastes an image into the editor, refuses an SVG, publishes, and the help center shows the image without sign-in', async () => {
    await signIn(page, 'anna@firma.test', PASSWORD);
    await page.goto('/agent/kb/new');
    await page.locator('#kb-title').fill('Drucker im Netzwerk hinzufügen');
    await page.locator('#kb-body').fill('Öffnen Sie die Einstellungen:\n');
    // Paste as from the clipboard: a PNG file in a ClipboardEvent.
    const pasted = png(120, 60, [30, 120, 200]).toString('base64');
    await page.locator('#kb-body').evaluate((el, b64) => {
      const area = el as HTMLTextAreaElement;
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
      const file = new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' });
      const data = new DataTransfer();
      data.items.add(file);
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await page.getByRole('status').getByText('Bild eingefügt.').waitFor();
    expect(await page.locator('#kb-body').inputValue()).toMatch(/^Öffnen Sie die Einstellungen:\n!\[Bildschirmfoto\]\(\/api\/v1\/kb\/images\/\d+\)\n$/);

    // The button: an SVG is refused with a message, nothing is inserted.
    await page.locator('.kb-images input[type=file]').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await page.getByRole('alert').getByText('Nur Bilder im Format PNG, JPEG, GIF oder WebP lassen sich einfügen (kein SVG).').waitFor();
    expect((await page.locator('#kb-body').inputValue()).match(/!\[/g)).toHaveLength(1);
    await page.locator('.kb-images input[type=file]').setInputFiles({ name: 'Druckdialog.png', mimeType: 'image/png', buffer: png(80, 40, [200, 60, 40]) });
    await page.getByRole('status').getByText('Bild eingefügt.').waitFor();
    expect(await page.locator('#kb-body').inputValue()).toMatch(/!\[Druckdialog\]\(\/api\/v1\/kb\/images\/\d+\)/);
    // Someone else's picture is never shown, even in the preview.
    await page.locator('#kb-body').press('End');
    await page.locator('#kb-body').pressSequentially('\n![fremd](https://tracker.example/pixel.png)');

    await screenshot(page, 'kb-editor-images');
    await page.getByRole('button', { name: 'Vorschau' }).click();
    const preview = await renderedImages(page, '.composer-previewbox');
    expect(preview.map((i) => i.width)).toEqual([120, 80]);
    await page.locator('#kb-status').selectOption('published');
    await page.locator('#kb-visibility').selectOption('public');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(/\/agent\/kb\/\d+$/);
    const article = (await h.t.admin.client.get(`/api/v1/kb/articles/${page.url().split('/').pop()}`)).body as { slug: string; body: string };
    expect(article.body).toContain('tracker.example');

    // The public: no session, the crawlable page and the app both show the images.
    await page.context().clearCookies();
    await page.goto(`/help/articles/${article.slug}`);
    await page.locator('h1', { hasText: 'Drucker im Netzwerk hinzufügen' }).waitFor();
    const shown = await renderedImages(page, 'article .markdown');
    expect(shown).toHaveLength(2);
    expect(shown.every((i) => /^\/api\/v1\/kb\/images\/\d+$/.test(i.src) && i.width > 0)).toBe(true);
    await page.goto(`/help/${article.slug}`);
    await page.locator('h1', { hasText: 'Drucker im Netzwerk hinzufügen' }).waitFor();
    const inApp = await renderedImages(page, '.markdown');
    expect(inApp.map((i) => i.width)).toEqual([120, 80]);
    await screenshot(page, 'help-article-with-images');
  });

  it('marks what the search matched in the help center, by stem and compound part', async () => {
    await page.goto('/help?q=Netzwerkdruckers');
    const result = page.getByRole('region', { name: 'Suchergebnisse' }).getByRole('listitem').first();
    await result.locator('mark').first().waitFor();
    expect(await result.locator('a mark').allTextContents()).toEqual(['Drucker', 'Netzwerk']);
    expect(await result.locator('p').textContent()).not.toContain('/api/v1/kb/images');
    await screenshot(page, 'help-center-highlights');
  });
});
