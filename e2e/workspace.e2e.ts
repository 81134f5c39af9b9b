import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/** The agent's keyboard path, a bulk action, the English UI, and the admin and profile screens. */
describe('agent workspace in the browser', () => {
  let h: Harness;
  let agent: { id: number; email: string };
  let page: Page;
  const ids: number[] = [];

  beforeAll(async () => {
    h = await startHarness();
    agent = await h.t.user({ role: 'agent', name: 'Dana Desk', email: 'dana@firma.test', password: PASSWORD });
    const customer = await h.t.user({ role: 'customer', name: 'Erik Endnutzer', email: 'erik@kunde.test' });
    for (const subject of ['Drucker im 2. OG druckt nicht', 'Passwort zurücksetzen für SAP', 'Monitor flackert', 'Neuer Laptop für Praktikantin']) {
      const res = await h.t.admin.client.post('/api/v1/tickets', { subject, body: `${subject}. Bitte helfen.`, requesterEmail: customer.email });
      expect(res.status).toBe(201);
      ids.push(res.body.id as number);
    }
    page = await (await h.context('de-DE')).newPage();
    await signIn(page, agent.email, PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('works from the keyboard: search, move, open, assign, help', async () => {
    await page.goto('/agent/tickets');
    await page.locator('tr[data-ticket-id]').first().waitFor();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ticket-search');
    await page.keyboard.type('Drucker');
    // Results as you type: only the matching ticket stays.
    await expect.poll(() => page.locator('tr[data-ticket-id]').count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Escape');
    await page.locator('#ticket-search').fill('');
    await expect.poll(() => page.locator('tr[data-ticket-id]').count(), { timeout: 10_000 }).toBe(4);
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const activeId = Number(await page.locator('tr.active').getAttribute('data-ticket-id'));
    expect(activeId).toBe(ids[2]); // newest first: ids[3], ids[2], …
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/agent/tickets/${activeId}`);
    await page.locator('h1', { hasText: 'Monitor flackert' }).waitFor();
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('#side-assignee').inputValue()).toBe(String(agent.id));
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Tastenkürzel' });
    await help.waitFor();
    await checkPage(page, '10-shortcut-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('#side-status').inputValue()).toBe('closed');
    const ticket = await h.t.admin.client.get(`/api/v1/tickets/${activeId}`);
    expect(ticket.body).toMatchObject({ status: 'closed', assignee: { id: agent.id } });
  });

  it('changes several tickets at once with a bulk action', async () => {
    await page.goto('/agent/tickets?status=new');
    await page.locator('tr[data-ticket-id]').first().waitFor();
    await page.getByLabel(`Ticket #${ids[0]} auswählen`).check();
    await page.getByLabel(`Ticket #${ids[1]} auswählen`).check();
    await page.getByRole('region', { name: 'Sammelaktionen' }).waitFor();
    await checkPage(page, '11-bulk-selection');
    await page.getByLabel('Priorität setzen …').selectOption('urgent');
    await page.getByRole('region', { name: 'Sammelaktionen' }).waitFor({ state: 'hidden' });
    for (const id of [ids[0], ids[1]]) {
      const res = await h.t.admin.client.get(`/api/v1/tickets/${id}`);
      expect(res.body.priority).toBe('urgent');
    }
    const untouched = await h.t.admin.client.get(`/api/v1/tickets/${ids[3]}`);
    expect(untouched.body.priority).toBe('normal');
    // Merge the first into the second: the duplicate points at the kept ticket.
    await page.getByLabel(`Ticket #${ids[0]} auswählen`).check();
    await page.getByLabel(`Ticket #${ids[1]} auswählen`).check();
    await page.getByLabel('Zusammenführen in').selectOption(String(ids[1]));
    await page.getByRole('button', { name: 'Zusammenführen', exact: true }).click();
    await page.getByRole('region', { name: 'Sammelaktionen' }).waitFor({ state: 'hidden' });
    const links = await h.t.admin.client.get(`/api/v1/tickets/${ids[0]}/links`);
    expect(links.body.mergedInto).toBe(ids[1]);
  });

  it('switches to English from the profile, with dates in the chosen time zone', async () => {
    await page.goto('/profile');
    await page.getByLabel('Sprache').selectOption('en');
    await page.getByLabel('Zeitzone').selectOption('America/New_York');
    await page.getByLabel('Signatur').fill('Dana, IT Service Desk');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.locator('h1', { hasText: 'Your profile' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await checkPage(page, '12-profile-en');
    await page.goto('/agent');
    await page.locator('h1', { hasText: 'Hello, Dana Desk' }).waitFor();
    await page.getByText('Your queues').waitFor();
    await checkPage(page, '13-agent-home-en');
    await page.goto(`/agent/tickets/${ids[3]}`);
    await page.getByRole('button', { name: 'Send reply' }).waitFor();
    const created = await h.t.admin.client.get(`/api/v1/tickets/${ids[3]}`);
    const expected = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/New_York' }).format(new Date(created.body.createdAt as string));
    await page.locator('.ticket-meta time').first().filter({ hasText: expected }).waitFor();
    // The signature is loaded with the profile; wait until the composer says it will add it.
    await page.getByText('Your signature from the profile is added below the reply.').waitFor();
    await page.keyboard.press('r');
    // The shortcut focuses the composer on the next tick; type only once it has.
    await page.locator('#composer-body:focus').waitFor();
    await page.keyboard.type('We are on it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.message-public', { hasText: 'We are on it.' }).filter({ hasText: 'Dana, IT Service Desk' }).waitFor();
    const anonymous = await (await h.context('en-US')).newPage();
    await anonymous.goto('/login');
    await anonymous.locator('h1', { hasText: 'Sign in' }).waitFor();
    await checkPage(anonymous, '14-sign-in-en');
  });

  it('shows the admin screens', async () => {
    const admin = await (await h.context('de-DE')).newPage();
    await signIn(admin, 'admin@anlauf.test', 'admin-password-1');
    await admin.goto('/admin/users');
    await admin.getByRole('cell', { name: 'dana@firma.test', exact: true }).waitFor();
    await checkPage(admin, '20-admin-users');
    // After each link, wait for the new page's own button: until it has rendered, "Name" may
    // still be the field of the page before, and the typed name is lost with it.
    await admin.getByRole('link', { name: 'Gruppen' }).click();
    await admin.getByRole('button', { name: 'Gruppe anlegen' }).waitFor();
    await admin.getByLabel('Name').fill('Netzwerk');
    await admin.getByLabel('Supportebene', { exact: true }).selectOption('specialist');
    await admin.getByRole('button', { name: 'Gruppe anlegen' }).click();
    await admin.locator('td', { hasText: 'Netzwerk' }).first().waitFor();
    await checkPage(admin, '21-admin-groups');
    await admin.getByRole('link', { name: 'Organisationen' }).click();
    await admin.getByRole('button', { name: 'Organisation anlegen' }).waitFor();
    await admin.getByLabel('Name').fill('Muster GmbH');
    await admin.getByRole('button', { name: 'Organisation anlegen' }).click();
    await admin.locator('td', { hasText: 'Muster GmbH' }).first().waitFor();
    await checkPage(admin, '22-admin-organisations');
    await admin.getByRole('link', { name: 'Kategorien' }).click();
    await admin.getByRole('button', { name: 'Kategorie anlegen' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('E-Mail');
    await admin.getByRole('button', { name: 'Kategorie anlegen' }).click();
    await admin.locator('td', { hasText: 'E-Mail' }).first().waitFor();
    await checkPage(admin, '23-admin-categories');
    await admin.goto('/profile');
    await admin.getByLabel('Name des Tokens').fill('Skript');
    await admin.getByRole('button', { name: 'Token erzeugen' }).click();
    await admin.locator('.token-value').waitFor();
    await checkPage(admin, '24-profile-tokens');
  });

  it('lets people sign up where allowed and ask for a password reset', async () => {
    const allowed = await h.t.admin.client.patch('/api/v1/settings/portal', { signupAllowed: true });
    expect(allowed.status).toBe(200);
    const visitor = await (await h.context('de-DE')).newPage();
    await visitor.goto('/login');
    await visitor.getByRole('link', { name: 'Konto anlegen' }).click();
    await visitor.getByLabel('Name').fill('Frida Neu');
    await visitor.getByLabel('E-Mail-Adresse').fill('frida@kunde.test');
    await visitor.getByLabel('Passwort').fill(PASSWORD);
    await checkPage(visitor, '15-sign-up');
    await visitor.getByRole('button', { name: 'Konto anlegen' }).click();
    await visitor.locator('h1', { hasText: 'Meine Anfragen' }).waitFor();
    await visitor.getByRole('button', { name: 'Abmelden' }).click();
    await visitor.waitForURL(/\/login$/);
    await visitor.getByRole('link', { name: 'Passwort vergessen?' }).click();
    // The sign-in form has an address field too: fill the reset form's only once its page is there.
    await visitor.getByRole('button', { name: 'Link senden' }).waitFor();
    await visitor.getByLabel('E-Mail-Adresse').fill('frida@kunde.test');
    await visitor.getByRole('button', { name: 'Link senden' }).click();
    await visitor.getByText('Falls zu dieser Adresse ein Konto existiert').waitFor();
    await checkPage(visitor, '16-password-reset');
    await visitor.goto('/password-reset?token=not-a-real-token');
    await visitor.getByLabel('Neues Passwort').fill(PASSWORD);
    await visitor.getByRole('button', { name: 'Passwort festlegen' }).click();
    await visitor.locator('.alert-error').waitFor();
  });
});
