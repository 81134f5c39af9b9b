import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

/** Automation in the browser: an admin builds a trigger with the form (no JSON), and a new ticket lands where it says. */
describe('automation in the browser', () => {
  let h: Harness;
  let admin: Page;
  let printers: number;

  beforeAll(async () => {
    h = await startHarness();
    printers = await h.t.group('Druckerteam', 'specialist');
    admin = await (await h.context('de-DE')).newPage();
    await signIn(admin, 'admin@anlauf.test', 'admin-password-1');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a trigger "subject contains Drucker → Druckerteam, high" that routes a new ticket', async () => {
    await admin.goto('/admin/triggers');
    await admin.getByRole('button', { name: 'Neuer Trigger' }).click();
    const form = admin.getByRole('form', { name: 'Neuer Trigger' });
    await form.getByLabel('Name', { exact: true }).fill('Drucker ins Druckerteam');
    expect(await form.getByLabel('Ticket angelegt').isChecked()).toBe(true);

    await form.getByRole('button', { name: 'Bedingung hinzufügen' }).click();
    const condition = form.getByRole('group', { name: 'Bedingung 1' });
    expect(await condition.getByLabel('Feld').inputValue()).toBe('subject');
    await condition.getByLabel('Wert').fill('Drucker');

    await form.getByRole('button', { name: 'Aktion hinzufügen' }).click();
    const first = form.getByRole('group', { name: 'Aktion 1', exact: true });
    await first.getByLabel('Gruppe').selectOption(String(printers));
    await form.getByRole('button', { name: 'Aktion hinzufügen' }).click();
    const second = form.getByRole('group', { name: 'Aktion 2', exact: true });
    await second.getByRole('combobox', { name: 'Aktion 2' }).selectOption('set_priority');
    await second.getByLabel('Wert').selectOption('high');
    await checkPage(admin, '60-admin-trigger-editor');
    await form.getByRole('button', { name: 'Trigger speichern' }).click();
    await form.waitFor({ state: 'detached' });
    await admin.getByRole('row', { name: /Drucker ins Druckerteam/ }).waitFor();
    await checkPage(admin, '61-admin-triggers');

    const saved = (await h.t.admin.client.get('/api/v1/admin/triggers')).body.items;
    expect(saved).toMatchObject([
      {
        name: 'Drucker ins Druckerteam',
        events: ['created'],
        conditions: [{ field: 'subject', operator: 'contains', value: 'Drucker' }],
        actions: [
          { type: 'set_group', groupId: printers },
          { type: 'set_priority', value: 'high' },
        ],
      },
    ]);

    const customer = await h.t.user({ role: 'customer', name: 'Karl Kunde' });
    const ticket = await customer.client.post('/api/v1/tickets', { subject: 'Drucker im Flur druckt nicht', body: 'Papierstau.' });
    expect(ticket.status).toBe(201);
    await expect
      .poll(async () => {
        const now = (await h.t.admin.client.get(`/api/v1/tickets/${ticket.body.id}`)).body;
        return [now.group.id, now.priority];
      })
      .toEqual([printers, 'high']);
  });
});
