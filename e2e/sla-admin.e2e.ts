import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

/**
 * An admin sets up service levels in the browser (German UI): a Munich office calendar with a
 * lunch break, Bavarian holidays and Christmas Eve closed, then two policies, the urgent one
 * moved to the top; what the API holds afterwards is what the screens said.
 */
describe('SLA administration in the browser', () => {
  let h: Harness;
  let admin: Page;

  beforeAll(async () => {
    h = await startHarness();
    admin = await (await h.context('de-DE')).newPage();
    await signIn(admin, 'admin@anlauf.test', 'admin-password-1');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a calendar with breaks, state holidays and a closed day, and policies in order', async () => {
    await admin.goto('/admin/calendars');
    const form = admin.getByRole('form', { name: 'Kalender hinzufügen' });
    await form.getByLabel('Name').fill('Büro München');
    await form.getByLabel('Zeitzone').selectOption('Europe/Berlin');
    // Monday gets a lunch break: 08:00–12:00 and 13:00–17:00.
    await form.getByLabel('Montag, Zeitraum 1: bis').fill('12:00');
    await form.getByRole('button', { name: /^Zeiten hinzufügen\W*Montag$/ }).click();
    await form.getByLabel('Montag, Zeitraum 2: von').fill('13:00');
    await form.getByLabel('Montag, Zeitraum 2: bis').fill('17:00');
    await form.getByLabel('Feiertage von').selectOption('DE');
    await form.getByLabel('Bundesland oder Region').selectOption('BY');
    expect(await form.getByLabel('Bundesland oder Region').locator('option:checked').textContent()).toBe('Bayern');
    await form.getByLabel('Schließtag').fill('2026-12-24');
    await form.getByRole('button', { name: 'Tag hinzufügen' }).click();
    await checkPage(admin, '60-admin-calendar-form');
    await form.getByRole('button', { name: 'Kalender hinzufügen' }).click();
    await admin.getByRole('status').filter({ hasText: 'Kalender gespeichert.' }).waitFor();
    await admin
      .getByRole('row', { name: /Büro München/ })
      .getByRole('cell', { name: 'Deutschland / Bayern' })
      .waitFor();

    const calendars = (await h.t.admin.client.get('/api/v1/admin/calendars')).body.items;
    expect(calendars).toEqual([
      expect.objectContaining({
        name: 'Büro München',
        timeZone: 'Europe/Berlin',
        holidays: { country: 'DE', state: 'BY' },
        closedDates: ['2026-12-24'],
        hours: expect.objectContaining({
          mon: [
            ['08:00', '12:00'],
            ['13:00', '17:00'],
          ],
          tue: [['08:00', '17:00']],
          sat: [],
        }),
      }),
    ]);

    await admin.goto('/admin/sla-policies');
    for (const [name, urgent] of [
      ['Standard', false],
      ['Dringend', true],
    ] as const) {
      await admin.getByRole('button', { name: 'Richtlinie hinzufügen' }).click();
      const policy = admin.getByRole('form', { name: 'Richtlinie hinzufügen' });
      await policy.getByLabel('Name').fill(name);
      await policy.getByLabel('Kalender', { exact: true }).selectOption({ label: 'Büro München' });
      if (urgent) {
        await policy.getByLabel('Dringend').check();
        await policy.getByLabel('Kundinnen und Kunden (extern)').check();
        await policy.locator('#pol-first-h').fill('0');
        await policy.locator('#pol-first-m').fill('30');
        await policy.getByLabel('Jede Antwort der anfragenden Person beantworten innerhalb von').check();
        await policy.getByLabel('Priorität erhöhen').check();
        await policy.getByLabel('Warnen (gefährdet) nach diesem Anteil eines Ziels').fill('75');
      }
      await policy.getByRole('button', { name: 'Richtlinie hinzufügen' }).click();
      await admin.getByRole('status').filter({ hasText: 'Richtlinie gespeichert.' }).waitFor();
    }
    await admin.getByRole('button', { name: /„Dringend“ nach oben/ }).click();
    await expect.poll(async () => (await h.t.admin.client.get('/api/v1/admin/sla-policies')).body.items.map((p: { name: string }) => p.name)).toEqual(['Dringend', 'Standard']);
    await admin
      .getByRole('row', { name: /Dringend/ })
      .getByRole('cell', { name: /^1/ })
      .waitFor();
    await checkPage(admin, '61-admin-sla-policies');
    const urgent = (await h.t.admin.client.get('/api/v1/admin/sla-policies')).body.items[0];
    expect(urgent).toMatchObject({
      conditions: { priority: ['urgent'], requesterKind: ['external'] },
      firstResponseMinutes: 30,
      nextResponseMinutes: 120,
      resolutionMinutes: 480,
      warningPercent: 75,
      onBreach: { escalate: false, raisePriority: true, notifySupervisors: true },
    });

    // A calendar in use cannot be deleted: the server's sentence is shown.
    await admin.goto('/admin/calendars');
    await admin.getByRole('button', { name: /^Löschen\W*Büro München$/ }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Löschen' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Dringend' }).waitFor();
  });

  it('routes a mail address to a specialist team on the mailbox screen', async () => {
    const sap = await h.t.group('SAP-Team', 'specialist');
    await admin.goto('/admin/mailboxes');
    const form = admin.getByRole('form', { name: 'Verteilung hinzufügen' });
    await form.getByLabel('Adresse oder @Domain').fill('sap@firma.example');
    await form.getByLabel('Gruppe').selectOption(String(sap));
    await form.getByRole('button', { name: 'Verteilung hinzufügen' }).click();
    await admin
      .getByRole('row', { name: /sap@firma\.example/ })
      .getByRole('cell', { name: 'SAP-Team' })
      .waitFor();
    await checkPage(admin, '62-admin-mail-routes');
    expect((await h.t.admin.client.get('/api/v1/admin/mail-routes')).body.items).toEqual([
      expect.objectContaining({ address: 'sap@firma.example', group: { id: sap, name: 'SAP-Team' }, category: null }),
    ]);
  });
});
