import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/**
 * Escalation as two agents walk it: the 1st level escalates with Shift+E and a reason, stays on
 * the ticket (read along, notice, "My escalations"), the 2nd level reads the reason in the
 * timeline and hands it back.
 */
describe('escalation in the browser', () => {
  let h: Harness;
  let ticketId: number;
  let secondLevel: number;
  let serviceDesk: number;

  beforeAll(async () => {
    h = await startHarness();
    const groups = (await h.t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    serviceDesk = groups.find((g) => g.level === '1')!.id;
    secondLevel = groups.find((g) => g.level === '2')!.id;
    await h.t.user({ role: 'agent', name: 'Erika Erstlevel', email: 'erika@firma.test', password: PASSWORD, groupIds: [serviceDesk] });
    await h.t.user({ role: 'agent', name: 'Zoe Zweitlevel', email: 'zoe@firma.test', password: PASSWORD, groupIds: [secondLevel] });
    const customer = await h.t.user({ role: 'customer', name: 'Karl Kunde', email: 'karl@kunde.test' });
    const res = await h.t.admin.client.post('/api/v1/tickets', { subject: 'ERP-Export bricht ab', body: 'Der Monatsexport bricht bei 80 % ab.', requesterEmail: customer.email });
    ticketId = res.body.id as number;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('escalates with a reason, keeps the agent on the ticket, and the next level hands it back', async () => {
    const erika = await (await h.context('de-DE')).newPage();
    await signIn(erika, 'erika@firma.test', PASSWORD);
    await erika.goto(`/agent/tickets/${ticketId}`);
    await erika.locator('h1', { hasText: 'ERP-Export bricht ab' }).waitFor();
    await erika.locator('h1').click();
    await erika.keyboard.press('Shift+E');
    const dialog = erika.getByRole('dialog', { name: 'Ticket eskalieren' });
    await dialog.waitFor();
    // Without a reason nothing is sent.
    expect(await dialog.getByRole('button', { name: 'Eskalieren' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Grund').fill('Export-Job prüft Sperren nicht; Logs angehängt.');
    await dialog.getByRole('button', { name: 'Eskalieren' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // No error page: the ticket stays open, read-along, with a notice.
    await erika.locator('[data-notice="escalation"]', { hasText: '2nd Level Support' }).waitFor();
    await erika.locator('[data-notice="following"]').waitFor();
    await erika.locator('[data-escalation="escalated"]', { hasText: 'Export-Job prüft Sperren nicht' }).waitFor();
    expect(await erika.getByRole('button', { name: 'Eskalieren' }).count()).toBe(0);
    await checkPage(erika, '40-escalated-read-along');
    const after = await h.t.admin.client.get(`/api/v1/tickets/${ticketId}`);
    expect(after.body).toMatchObject({ group: { id: secondLevel }, level: '2' });

    // "My escalations" on the home screen lists it.
    await erika.goto('/agent');
    await erika.locator('[data-queue="followed"]', { hasText: '1' }).click();
    await erika.locator(`tr[data-ticket-id="${ticketId}"]`).waitFor();

    // The 2nd level reads the reason and hands the ticket back with a note.
    const zoe = await (await h.context('de-DE')).newPage();
    await signIn(zoe, 'zoe@firma.test', PASSWORD);
    await zoe.goto(`/agent/tickets/${ticketId}`);
    await zoe.locator('[data-escalation="escalated"]', { hasText: 'Erika Erstlevel' }).waitFor();
    await zoe.getByRole('button', { name: 'Zurückgeben' }).click();
    const back = zoe.getByRole('dialog', { name: 'Ticket zurückgeben' });
    await back.getByLabel('Hinweis für die Gruppe').fill('Sperrprüfung eingebaut, bitte mit dem Kunden testen.');
    await back.getByRole('button', { name: 'Zurückgeben' }).click();
    await zoe.locator('[data-notice="escalation"]', { hasText: 'Service Desk' }).waitFor();
    const returned = await h.t.admin.client.get(`/api/v1/tickets/${ticketId}`);
    expect(returned.body).toMatchObject({ group: { id: serviceDesk }, level: '1' });

    // Erika works on it again: the reply is back.
    await erika.goto(`/agent/tickets/${ticketId}`);
    await erika.locator('[data-escalation="handed_back"]', { hasText: 'Sperrprüfung eingebaut' }).waitFor();
    await erika.getByRole('button', { name: 'Eskalieren' }).waitFor();
    expect(await erika.locator('[data-notice="following"]').count()).toBe(0);
  });
});
