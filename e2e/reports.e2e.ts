import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/**
 * An agent opens the reports from the navigation, reads the key figures of the last 30 days,
 * switches to the last 7 days, sees the recurring VPN problem linking its tickets and
 * downloads the volume by category as CSV.
 */
describe('reports in the browser', () => {
  let h: Harness;
  const vpn: number[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const groups = (await h.t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    const serviceDesk = groups.find((g) => g.level === '1')!.id;
    await h.t.user({ role: 'agent', name: 'Erika Erstlevel', email: 'erika@firma.test', password: PASSWORD, groupIds: [serviceDesk] });
    const karl = await h.t.user({ role: 'customer', name: 'Karl Kunde', email: 'karl@kunde.test' });
    const category = await h.t.category('Netzwerk');
    for (const [subject, body] of [
      ['VPN-Verbindung bricht ständig ab', 'Seit dem Update bricht die VPN-Verbindung alle paar Minuten ab.'],
      ['VPN connection keeps dropping', 'Since the update my VPN connection drops every few minutes.'],
      ['VPN trennt sich dauernd', 'Die VPN Verbindung bricht nach dem Update immer ab.'],
    ]) {
      const res = await karl.client.post('/api/v1/tickets', { subject, body, categoryId: category });
      expect(res.status).toBe(201);
      vpn.push(res.body.id);
    }
    const other = await karl.client.post('/api/v1/tickets', { subject: 'Outlook Kalender freigeben', body: 'Wie gebe ich meinen Kalender frei?' });
    await h.t.admin.client.patch(`/api/v1/tickets/${other.body.id}`, { version: other.body.version, status: 'resolved' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows key figures, volume and recurring problems, and downloads the CSV', async () => {
    const context = await h.context('de-DE');
    const page = await context.newPage();
    await signIn(page, 'erika@firma.test', PASSWORD);
    await page.getByRole('link', { name: 'Berichte' }).click();
    await page.locator('h1', { hasText: 'Berichte' }).waitFor();
    await page.locator('.report-figure[data-figure="created"] strong', { hasText: '4' }).waitFor();
    await page.locator('.report-figure[data-figure="resolved"] strong', { hasText: '1' }).waitFor();
    await page.locator('.report-figure[data-figure="backlog"] strong', { hasText: '3' }).waitFor();
    await page.getByRole('button', { name: 'Letzte 7 Tage' }).click();
    await page.locator('.report-figure[data-figure="created"] strong', { hasText: '4' }).waitFor();
    await page.locator('.report-table td', { hasText: 'Netzwerk' }).waitFor();
    const cluster = page.locator('.report-recurring > li');
    await cluster.first().waitFor();
    expect(await cluster.count()).toBe(1);
    for (const id of vpn) await cluster.getByRole('link', { name: `#${id}` }).waitFor();
    await checkPage(page, 'reports');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('key,label,created,resolved');
    expect(csv).toContain(',Netzwerk,3,0');
    expect(csv).toContain('none,(keine),1,1');

    await cluster.getByRole('link', { name: `#${vpn[0]}` }).click();
    await page.locator('h1', { hasText: 'VPN-Verbindung bricht ständig ab' }).waitFor();
  });
});
