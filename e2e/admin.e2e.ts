import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/** The administration: editing a user's role and groups, the portal's sign-up switch, renaming saved views. */
describe('administration in the browser', () => {
  let h: Harness;
  let admin: Page;
  let network: number;
  let orgId: number;
  let customer: { id: number; name: string };

  beforeAll(async () => {
    h = await startHarness();
    network = await h.t.group('Netzwerk', 'specialist');
    orgId = await h.t.organisation('Muster GmbH');
    customer = await h.t.user({ role: 'customer', name: 'Karl Kunde', email: 'karl@kunde.test', password: PASSWORD });
    admin = await (await h.context('de-DE')).newPage();
    await signIn(admin, 'admin@anlauf.test', 'admin-password-1');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('makes a customer an agent in a specialist group', async () => {
    await admin.goto('/admin/users');
    await admin
      .getByRole('row', { name: /karl@kunde\.test/ })
      .getByRole('button', { name: /^Bearbeiten/ })
      .click();
    const form = admin.getByRole('form', { name: 'Karl Kunde bearbeiten' });
    await form.waitFor();
    // Focus lands in the form; requesters cannot join groups until their role changes.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe(`edit-user-${customer.id}-role`);
    const groupBox = form.getByLabel('Netzwerk (Fachteam)');
    expect(await groupBox.isDisabled()).toBe(true);
    await form.getByLabel('Rolle').selectOption('agent');
    await groupBox.check();
    await form.getByLabel('Organisation').selectOption(String(orgId));
    await checkPage(admin, '30-admin-user-edit');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await admin.getByRole('status').filter({ hasText: 'Änderungen an Karl Kunde gespeichert.' }).waitFor();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe('Bearbeiten: Karl Kunde');

    const user = await h.t.admin.client.get(`/api/v1/users/${customer.id}`);
    expect(user.body).toMatchObject({ role: 'agent', organisationId: orgId, groupIds: [network], active: true });
    const group = await h.t.admin.client.get(`/api/v1/groups/${network}`);
    expect((group.body.members as Array<{ id: number }>).map((m) => m.id)).toContain(customer.id);
    await admin
      .getByRole('row', { name: /Karl Kunde/ })
      .getByRole('cell', { name: 'Netzwerk', exact: true })
      .waitFor();
  });

  it('refuses to demote the last administrator, next to the field, keeping the entry', async () => {
    await admin.goto('/admin/users');
    const name = h.t.admin.name;
    await admin
      .getByRole('row', { name: /admin@anlauf\.test/ })
      .getByRole('button', { name: /^Bearbeiten/ })
      .click();
    const form = admin.getByRole('form', { name: `${name} bearbeiten` });
    const role = form.getByLabel('Rolle');
    await role.selectOption('agent');
    await form.getByRole('button', { name: 'Speichern' }).click();
    const error = admin.locator(`#edit-user-${h.t.admin.id}-role-error`);
    await error.filter({ hasText: 'letzte aktive Administrator' }).waitFor();
    expect(await role.inputValue()).toBe('agent');
    expect(await role.getAttribute('aria-invalid')).toBe('true');
    expect(await role.getAttribute('aria-describedby')).toContain(`edit-user-${h.t.admin.id}-role-error`);
    await checkPage(admin, '31-admin-user-edit-error');
    // Escape closes the editor without saving.
    await role.press('Escape');
    await form.waitFor({ state: 'detached' });
    const me = await h.t.admin.client.get(`/api/v1/users/${h.t.admin.id}`);
    expect(me.body.role).toBe('admin');
  });

  it('turns on sign-up, and the sign-in page then offers registration', async () => {
    const visitor = await (await h.context('de-DE')).newPage();
    await visitor.goto('/signup');
    await visitor.getByText('Konten legt das Helpdesk-Team an.').waitFor();

    await admin.goto('/admin/users');
    await admin.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Portal', exact: true }).click();
    const toggle = admin.getByRole('switch', { name: 'Registrierung im Portal erlauben' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.focus();
    await admin.keyboard.press('Space');
    await admin.getByRole('status').filter({ hasText: 'Registrierung ist erlaubt.' }).waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await checkPage(admin, '32-admin-portal');
    const settings = await h.t.admin.client.get('/api/v1/settings/portal');
    expect(settings.body).toEqual({ signupAllowed: true });

    const fresh = await (await h.context('de-DE')).newPage();
    await fresh.goto('/login');
    await fresh.getByRole('link', { name: 'Konto anlegen' }).click();
    await fresh.getByLabel('E-Mail-Adresse').waitFor();
    await fresh.getByRole('button', { name: 'Konto anlegen' }).waitFor();
  });

  it('renames and deletes a saved view from the agent home', async () => {
    const agent = await h.t.user({ role: 'agent', name: 'Dana Desk', email: 'dana@firma.test', password: PASSWORD });
    const kept = await agent.client.post('/api/v1/me/views', { name: 'Offen', filters: { status: 'open' } });
    const dropped = await agent.client.post('/api/v1/me/views', { name: 'Alt', filters: { status: 'pending' } });
    expect([kept.status, dropped.status]).toEqual([201, 201]);
    const page = await (await h.context('de-DE')).newPage();
    await signIn(page, agent.email, PASSWORD);
    await page.goto('/agent');
    await page.getByRole('button', { name: 'Ansicht Offen umbenennen' }).click();
    const input = page.getByLabel('Neuer Name für Ansicht Offen');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`view-${kept.body.id}-name`);
    // An empty name is refused by the API; the entry stays for correcting.
    await input.fill(' ');
    await input.press('Enter');
    await page.locator(`#view-${kept.body.id}-name-error`).waitFor();
    await input.fill('Offen bei mir');
    await checkPage(page, '33-agent-home-rename-view');
    await input.press('Enter');
    await page.getByRole('link', { name: 'Offen bei mir' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ansicht umbenannt.' }).waitFor();
    await page.getByRole('button', { name: 'Ansicht Alt löschen' }).click();
    await page.getByRole('link', { name: 'Alt', exact: true }).waitFor({ state: 'detached' });
    const views = await agent.client.get('/api/v1/me/views');
    expect((views.body.items as Array<{ id: number; name: string }>).map((v) => v.name)).toEqual(['Offen bei mir']);
    // Other people's views cannot be renamed.
    const foreign = await h.t.admin.client.patch(`/api/v1/me/views/${kept.body.id}`, { name: 'Gekapert' });
    expect(foreign.status).toBe(404);
  });

  it('renames a group, deletes an unused category, is told to deactivate a used one, and adds a user with organisation and group', async () => {
    const used = await h.t.category('Kasse');
    await h.t.category('Fax');
    const requester = await h.t.user({ role: 'customer', name: 'Rita Requester', email: 'rita@kunde.test' });
    expect((await requester.client.post('/api/v1/tickets', { subject: 'Kasse hängt', body: 'Seit heute.', categoryId: used })).status).toBe(201);
    await h.t.organisation('Beispiel AG', { domain: 'beispiel.test' });

    await admin.goto('/admin/groups');
    await admin.getByRole('button', { name: 'Umbenennen: Netzwerk' }).click();
    await admin.getByLabel('Neuer Name für Netzwerk').fill('Netzwerk & WLAN');
    await admin.getByRole('button', { name: 'Speichern' }).click();
    await admin.getByRole('row', { name: /Netzwerk & WLAN/ }).waitFor();

    await admin.goto('/admin/categories');
    await admin.getByRole('button', { name: 'Löschen: Fax' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Löschen' }).click();
    await admin.getByRole('row', { name: /Fax/ }).waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'Löschen: Kasse' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Löschen' }).click();
    await admin.getByRole('alert').filter({ hasText: '„Kasse“ wird noch verwendet' }).waitFor();
    await admin.getByRole('button', { name: 'Deaktivieren: Kasse' }).click();
    await admin.getByRole('button', { name: 'Aktivieren: Kasse' }).waitFor();
    await checkPage(admin, '34-admin-categories-retired');
    expect((await requester.client.get('/api/v1/categories')).body.items.map((c: { name: string }) => c.name)).not.toContain('Kasse');

    await admin.goto('/admin/users');
    await admin.getByLabel('Name', { exact: true }).fill('Bea Beispiel');
    await admin.getByLabel('E-Mail', { exact: true }).fill('bea@beispiel.test');
    await admin.getByLabel('Rolle', { exact: true }).selectOption('agent');
    await admin.getByRole('group', { name: 'Gruppenmitgliedschaften' }).getByLabel('Netzwerk & WLAN').check();
    await admin.getByRole('button', { name: 'Benutzer/in anlegen' }).click();
    await admin.getByRole('status').filter({ hasText: 'Bea Beispiel wurde in Beispiel AG angelegt.' }).waitFor();
    const bea = (await h.t.admin.client.get('/api/v1/users?q=bea%40beispiel')).body.items[0];
    expect(bea).toMatchObject({ role: 'agent', groupIds: [network] });
    expect(bea.organisationId).toEqual(expect.any(Number));
  });
});
