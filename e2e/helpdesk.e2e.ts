import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/**
 * The whole path through the helpdesk in a real browser: a requester asks in German, two agents
 * see it live and see each other, one answers with a note and a reply, the requester sees only
 * the reply and rates it; then the keyboard path, a bulk action and the English UI.
 */
describe('helpdesk in the browser', () => {
  let h: Harness;
  let anna: { id: number; email: string };
  let ben: { id: number; email: string };
  let clara: { id: number; email: string };
  let annaPage: Page;
  let benPage: Page;
  let claraPage: Page;
  let annaContext: BrowserContext;
  let ticketId = 0;
  const subject = 'VPN-Verbindung bricht ständig ab';
  const note = 'Interne Notiz: vermutlich das Zertifikat, bitte nicht an die Kundin weitergeben.';
  const reply = 'Guten Tag, bitte installieren Sie das neue VPN-Profil. Danach sollte es wieder gehen.';

  beforeAll(async () => {
    h = await startHarness();
    anna = await h.t.user({ role: 'agent', name: 'Anna Agentin', email: 'anna@firma.test', password: PASSWORD });
    ben = await h.t.user({ role: 'agent', name: 'Ben Bearbeiter', email: 'ben@firma.test', password: PASSWORD });
    clara = await h.t.user({ role: 'customer', name: 'Clara Kundin', email: 'clara@kunde.test', password: PASSWORD });
    await h.t.category('VPN');
    annaContext = await h.context('de-DE');
    annaPage = await annaContext.newPage();
    benPage = await (await h.context('de-DE')).newPage();
    claraPage = await (await h.context('de-DE')).newPage();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the sign-in page in the browser language', async () => {
    await claraPage.goto('/agent');
    await expect.poll(() => claraPage.url()).toContain('/login');
    await claraPage.locator('h1', { hasText: 'Anmelden' }).waitFor();
    await checkPage(claraPage, '01-sign-in-de');
  });

  it('agent home shows the queues', async () => {
    await signIn(annaPage, anna.email, PASSWORD);
    await annaPage.locator('h1', { hasText: 'Hallo, Anna Agentin' }).waitFor();
    await annaPage.locator('.live-live').waitFor();
    await checkPage(annaPage, '02-agent-home');
    await annaPage.getByRole('link', { name: 'Tickets', exact: true }).click();
    await annaPage.locator('h1', { hasText: 'Tickets' }).waitFor();
    await annaPage.locator('.live-live').waitFor();
  });

  it('a requester submits a request in German in the portal', async () => {
    await signIn(claraPage, clara.email, PASSWORD);
    await claraPage.locator('h1', { hasText: 'Meine Anfragen' }).waitFor();
    await checkPage(claraPage, '03-portal-empty');
    await claraPage.getByRole('link', { name: 'Neue Anfrage' }).first().click();
    await claraPage.getByLabel('Betreff').fill(subject);
    await claraPage.getByLabel('Betroffene Software oder Dienst').selectOption({ label: 'VPN' });
    await claraPage.getByLabel('Beschreibung').fill('Seit heute Morgen bricht das VPN alle paar Minuten ab.');
    await claraPage.locator('input[type=file]').setInputFiles({ name: 'vpn-log.txt', mimeType: 'text/plain', buffer: Buffer.from('12:01 tunnel down\n12:03 tunnel up\n') });
    await claraPage.getByText('vpn-log.txt').waitFor();
    await checkPage(claraPage, '04-portal-new-request');
    await claraPage.getByRole('button', { name: 'Anfrage senden' }).click();
    const banner = claraPage.locator('.alert-success');
    await banner.waitFor();
    ticketId = Number(/#(\d+)/.exec(await banner.innerText())?.[1]);
    expect(ticketId).toBeGreaterThan(0);
    await claraPage.getByRole('link', { name: subject }).waitFor();
  });

  it('the agent sees it appear live in the queue without reloading', async () => {
    // Anna's list was open before the request existed; only the live event can bring it.
    await annaPage.locator(`tr[data-ticket-id="${ticketId}"]`).waitFor({ timeout: 20_000 });
    await checkPage(annaPage, '05-ticket-list');
  });

  it('two agents open it and both see each other', async () => {
    await annaPage.locator(`tr[data-ticket-id="${ticketId}"] a`).click();
    await annaPage.locator('h1', { hasText: subject }).waitFor();
    const download = annaPage.getByRole('link', { name: /vpn-log\.txt/ });
    await download.waitFor();
    const file = await annaPage.request.get(`${h.baseUrl}${await download.getAttribute('href')}`);
    expect(await file.text()).toContain('tunnel down');
    await signIn(benPage, ben.email, PASSWORD);
    await benPage.goto(`/agent/tickets/${ticketId}`);
    await benPage.locator('h1', { hasText: subject }).waitFor();
    await annaPage.locator('.presence-item', { hasText: 'Ben Bearbeiter sieht sich das an' }).waitFor({ timeout: 20_000 });
    await benPage.locator('.presence-item', { hasText: 'Anna Agentin sieht sich das an' }).waitFor({ timeout: 20_000 });
    await benPage.locator('#composer-body').fill('Ich schaue mir das auch an');
    await annaPage.locator('.presence-item', { hasText: 'Ben Bearbeiter schreibt' }).waitFor({ timeout: 20_000 });
  });

  it('the agent writes an internal note and a public reply that resolves the ticket', async () => {
    await annaPage.keyboard.press('n');
    await expect.poll(() => annaPage.evaluate(() => document.activeElement?.id)).toBe('composer-body');
    await annaPage.keyboard.type(note);
    await annaPage.getByRole('button', { name: 'Notiz speichern' }).click();
    await annaPage.locator('.message-internal', { hasText: 'vermutlich das Zertifikat' }).waitFor();
    await annaPage.keyboard.press('r');
    await annaPage.locator('#composer-body').fill(reply);
    await annaPage.getByLabel('und Status setzen').selectOption('resolved');
    await annaPage.getByRole('button', { name: 'Antwort senden' }).click();
    await annaPage.locator('.message-public', { hasText: 'neue VPN-Profil' }).waitFor();
    await expect.poll(() => annaPage.locator('#side-status').inputValue()).toBe('resolved');
    await checkPage(annaPage, '06-ticket-view');
  });

  it('the second agent is warned before sending on a ticket that changed', async () => {
    // Ben's page updated live; sending now still warns that someone else answered meanwhile.
    await benPage.locator('.message-public', { hasText: 'neue VPN-Profil' }).waitFor({ timeout: 20_000 });
    await benPage.getByRole('button', { name: 'Antwort senden' }).click();
    const dialog = benPage.getByRole('dialog', { name: 'Das Ticket wurde geändert' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Erst prüfen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The draft is still there, nothing was sent.
    expect(await benPage.locator('#composer-body').inputValue()).toBe('Ich schaue mir das auch an');
    const messages = await h.t.admin.client.get(`/api/v1/tickets/${ticketId}/messages`);
    expect(messages.body.items.map((m: { internal: boolean }) => m.internal)).toEqual([false, false, true, false]);
  });

  it('the requester sees only the public reply and rates it', async () => {
    await claraPage.getByRole('link', { name: subject }).click();
    await claraPage.locator('.message', { hasText: 'neue VPN-Profil' }).waitFor();
    expect(await claraPage.content()).not.toContain('vermutlich das Zertifikat');
    await claraPage.getByText('Wie zufrieden sind Sie mit der Hilfe?').waitFor();
    await checkPage(claraPage, '07-portal-request');
    await claraPage.getByLabel('5 – sehr zufrieden').check({ force: true });
    await claraPage.getByLabel('Kommentar (freiwillig)').fill('Schnell und freundlich, danke!');
    await claraPage.getByRole('button', { name: 'Bewertung senden' }).click();
    await claraPage.getByText('Sie haben diese Anfrage mit 5 von 5 bewertet.').waitFor();
    const rated = await h.t.admin.client.get(`/api/v1/tickets/${ticketId}/satisfaction`);
    expect(rated.body.satisfaction).toMatchObject({ rating: 5, comment: 'Schnell und freundlich, danke!' });
    await claraPage.getByRole('link', { name: 'Meine Anfragen' }).first().click();
    await claraPage.getByRole('link', { name: subject }).waitFor();
    await checkPage(claraPage, '08-portal-my-requests');
  });
});
