import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/**
 * An agent takes a phone call: "Neues Ticket" (key c), finds the caller by part of the name,
 * opens the ticket with channel Telefon and lands on it, then sets it to waiting with the
 * reminder "Morgen 9:00", which the ticket view and the list show.
 */
describe('a phone call in the browser', () => {
  let h: Harness;
  let callerId: number;

  beforeAll(async () => {
    h = await startHarness();
    const groups = (await h.t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    const serviceDesk = groups.find((g) => g.level === '1')!.id;
    await h.t.user({ role: 'agent', name: 'Erika Erstlevel', email: 'erika@firma.test', password: PASSWORD, groupIds: [serviceDesk] });
    callerId = (await h.t.user({ role: 'customer', name: 'Clara Anruferin', email: 'clara@kunde.test' })).id;
    await h.t.user({ role: 'customer', name: 'Claus Anders', email: 'claus@kunde.test' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('searches the caller, creates a phone ticket and sets it waiting with a reminder', async () => {
    const page = await (await h.context('de-DE')).newPage();
    await signIn(page, 'erika@firma.test', PASSWORD);
    await page.locator('main h1').first().waitFor();
    await page.locator('main h1').first().click();
    await page.keyboard.press('c');
    await page.getByRole('heading', { name: 'Neues Ticket für Anrufende' }).waitFor();

    await page.getByLabel('Anrufer/in').fill('anrufer');
    await page.getByRole('button', { name: 'Clara Anruferin <clara@kunde.test>' }).click();
    await page.getByTestId('chosen-caller').waitFor();
    expect(await page.getByRole('button', { name: /Claus Anders/ }).count()).toBe(0);
    await page.getByLabel('Telefon').check();
    await page.getByLabel('Betreff').fill('Kein Zugriff auf das Laufwerk S:');
    await page.getByLabel('Beschreibung').fill('Frau Anruferin ruft an: seit heute früh fehlt Laufwerk S:.');
    await checkPage(page, '60-new-ticket-for-caller');
    await page.getByRole('button', { name: 'Ticket anlegen' }).click();

    // The agent lands on the new ticket; the caller is its requester, the channel phone.
    await page.waitForURL(/\/agent\/tickets\/\d+$/);
    const ticketId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: 'Kein Zugriff auf das Laufwerk S:' }).waitFor();
    await page.getByText('Telefon').first().waitFor();
    const created = (await h.t.admin.client.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(created).toMatchObject({ channel: 'phone', requester: { id: callerId } });

    // Waiting, with the reminder tomorrow at 9:00 (Berlin).
    await page.getByLabel('Status', { exact: true }).selectOption('pending');
    await page.getByRole('group', { name: 'Wiedervorlage' }).waitFor();
    await page.getByRole('button', { name: 'Morgen 9:00' }).click();
    await page.getByTestId('pending-until').waitFor();
    const pending = (await h.t.admin.client.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(pending.status).toBe('pending');
    const due = new Date(pending.pendingUntil as string);
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: 'numeric', minute: 'numeric' }).format(due)).toBe('09:00');
    expect(await page.getByTestId('pending-until').textContent()).toContain('09:00');
    await checkPage(page, '61-pending-with-reminder');

    // The list shows the reminder beside the status.
    await page.goto('/agent/tickets');
    await page.locator(`tr[data-ticket-id="${ticketId}"] .pending-until`, { hasText: '09:00' }).waitFor();
  });
});
