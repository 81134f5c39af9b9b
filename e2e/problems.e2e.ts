import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/**
 * An agent sees two tickets with the same cause: links the first to a new problem from the
 * ticket view, links the second to that problem, marks it a known error with root cause and
 * workaround on the problem's page, and finds the workaround on the other ticket.
 */
describe('problem management in the browser', () => {
  let h: Harness;
  let first: number;
  let second: number;

  beforeAll(async () => {
    h = await startHarness();
    const groups = (await h.t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    const serviceDesk = groups.find((g) => g.level === '1')!.id;
    await h.t.user({ role: 'agent', name: 'Erika Erstlevel', email: 'erika@firma.test', password: PASSWORD, groupIds: [serviceDesk] });
    const karl = await h.t.user({ role: 'customer', name: 'Karl Kunde', email: 'karl@kunde.test' });
    first = (await karl.client.post('/api/v1/tickets', { subject: 'VPN bricht nach einer Stunde ab', body: 'Jede Stunde fliege ich raus.' })).body.id;
    second = (await karl.client.post('/api/v1/tickets', { subject: 'VPN trennt ständig', body: 'Schon wieder getrennt.' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('links two tickets to a new problem, marks it a known error and shows the workaround on the other ticket', async () => {
    const erika = await (await h.context('de-DE')).newPage();
    await signIn(erika, 'erika@firma.test', PASSWORD);

    // From the first ticket: a new problem.
    await erika.goto(`/agent/tickets/${first}`);
    await erika.locator('h1', { hasText: 'VPN bricht nach einer Stunde ab' }).waitFor();
    await erika.getByRole('button', { name: 'Mit Problem verknüpfen' }).click();
    const dialog = erika.locator('dialog[data-dialog="link-problem"]');
    const title = dialog.getByLabel('Titel des neuen Problems');
    expect(await title.inputValue()).toBe('VPN bricht nach einer Stunde ab');
    await title.fill('VPN-Gateway verliert Sitzungen');
    await dialog.getByRole('button', { name: 'Anlegen und verknüpfen' }).click();
    await erika.locator('.ticket-problem', { hasText: 'Bekanntes Problem: VPN-Gateway verliert Sitzungen' }).waitFor();
    await dialog.waitFor({ state: 'detached' });

    // From the second ticket: the existing problem.
    await erika.goto(`/agent/tickets/${second}`);
    await erika.locator('h1', { hasText: 'VPN trennt ständig' }).waitFor();
    await erika.getByRole('button', { name: 'Mit Problem verknüpfen' }).click();
    await dialog.getByRole('searchbox', { name: 'Offene Probleme durchsuchen' }).fill('Gateway');
    await dialog.getByRole('radio', { name: /VPN-Gateway verliert Sitzungen/ }).check();
    await dialog.getByRole('button', { name: 'Verknüpfen', exact: true }).click();
    await erika.locator('.ticket-problem', { hasText: 'Bekanntes Problem: VPN-Gateway verliert Sitzungen' }).waitFor();

    // The problem's page: both tickets; root cause and workaround make it a known error.
    await erika.getByRole('link', { name: 'Bekanntes Problem: VPN-Gateway verliert Sitzungen' }).click();
    await erika.locator('h1', { hasText: 'VPN-Gateway verliert Sitzungen' }).waitFor();
    const linked = erika.getByRole('list', { name: 'Verknüpfte Tickets' });
    await linked.getByRole('link', { name: `#${first} VPN bricht nach einer Stunde ab` }).waitFor();
    await linked.getByRole('link', { name: `#${second} VPN trennt ständig` }).waitFor();
    await checkPage(erika, '60-problem-open');
    await erika.getByRole('textbox', { name: 'Ursache', exact: true }).fill('Die Firmware 3.2 des Gateways beendet Sitzungen nach 60 Minuten.');
    await erika.getByRole('textbox', { name: 'Workaround', exact: true }).fill('Im VPN-Client auf „Neu verbinden“ klicken.');
    await erika.getByRole('combobox', { name: 'Status', exact: true }).selectOption('known_error');
    await erika.getByRole('button', { name: 'Änderungen speichern' }).click();
    await erika.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    await erika.locator('.ticket-head [data-problem-status="known_error"]').waitFor();
    await erika.getByRole('region', { name: 'Verlauf' }).getByText('Erika Erstlevel hat den Status von Offen auf Bekannter Fehler gesetzt; hat Ursache, Workaround geändert').waitFor();

    // The problems list knows it as a known error, with its two tickets.
    await erika.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Probleme' }).click();
    await erika.getByRole('combobox', { name: 'Status', exact: true }).selectOption('known_error');
    const row = erika.locator('tr', { hasText: 'VPN-Gateway verliert Sitzungen' });
    await row.locator('[data-problem-status="known_error"]').waitFor();
    expect(await row.locator('td').nth(4).textContent()).toBe('2');

    // The other ticket shows the known problem and its workaround.
    await erika.goto(`/agent/tickets/${first}`);
    const panel = erika.locator('.ticket-problem');
    await panel.locator('[data-problem-status="known_error"]').waitFor();
    await panel.getByText('Bekanntes Problem: VPN-Gateway verliert Sitzungen').waitFor();
    await panel.getByText('Im VPN-Client auf „Neu verbinden“ klicken.').waitFor();
    await checkPage(erika, '61-ticket-known-problem');

    const problem = (await h.t.admin.client.get('/api/v1/problems?q=Gateway')).body.items[0];
    expect(problem).toMatchObject({ status: 'known_error', ticketCount: 2 });
    expect((await h.t.admin.client.get(`/api/v1/problems/${problem.id}`)).body.ticketIds).toEqual([first, second]);
  });
});
