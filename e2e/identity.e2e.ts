import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../server/modules/auth/totp.ts';
import { checkPage, expectAccessible, screenshot, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/** Two-factor sign-in, webhooks and anonymisation as people use them in the browser. */
describe('identity and data protection in the browser', () => {
  let h: Harness;
  let karl: { id: number; email: string };

  beforeAll(async () => {
    h = await startHarness();
    karl = await h.t.user({ role: 'customer', name: 'Karl Kunde', email: 'karl@kunde.test', password: PASSWORD });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sets up two-factor sign-in on the profile page, then asks for the code at sign-in', async () => {
    const page = await (await h.context('de-DE')).newPage();
    await signIn(page, karl.email, PASSWORD);
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Zwei-Faktor-Anmeldung einrichten' }).click();
    const secret = (await page.getByLabel('Schlüssel').inputValue()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The codes count from this moment: a 30 s step may end while the browser works.
    const confirmedAt = Date.now();
    await page.getByLabel('Code aus der App').fill(totpAt(secret, confirmedAt));
    await page.getByRole('button', { name: 'Bestätigen und einschalten' }).click();
    const codes = page.getByRole('list', { name: 'Wiederherstellungscodes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await checkPage(page, '60-profile-two-factor-codes');
    await page.getByRole('button', { name: 'Ich habe sie gespeichert' }).click();
    await page.getByText('Noch 10 Wiederherstellungscodes.', { exact: false }).waitFor();

    const other = await (await h.context('de-DE')).newPage();
    await other.goto('/login');
    await other.locator('#email').fill(karl.email);
    await other.locator('#password').fill(PASSWORD);
    await other.locator('form button[type=submit]').click();
    const code = other.getByLabel('Code aus Ihrer Authenticator-App (oder ein Wiederherstellungscode)');
    await code.waitFor();
    await other.getByRole('alert').filter({ hasText: 'Geben Sie den Code aus Ihrer Authenticator-App ein.' }).waitFor();
    await expectAccessible(other, 'sign-in with code');
    await screenshot(other, '61-sign-in-two-factor');
    // The set-up used this step's code; the next one is accepted (one step of drift).
    await code.fill(totpAt(secret, confirmedAt + 30_000));
    await other.locator('form button[type=submit]').click();
    await other.waitForURL((url) => !url.pathname.startsWith('/login'));
  });

  it('lets an admin add a webhook and anonymise a person after a question', async () => {
    const admin: Page = await (await h.context('de-DE')).newPage();
    await signIn(admin, 'admin@anlauf.test', 'admin-password-1');
    await admin.goto('/admin/webhooks');
    await admin.getByLabel('Adresse (URL)').fill('https://203.0.113.10/anlauf');
    await admin.getByLabel('Geheimnis (mindestens 16 Zeichen)').fill('ein-langes-geheimnis-123');
    await admin.getByRole('button', { name: 'Webhook hinzufügen' }).click();
    await admin.getByRole('row', { name: /203\.0\.113\.10/ }).waitFor();
    await checkPage(admin, '62-admin-webhooks');
    // A loopback address is refused next to the field.
    await admin.getByLabel('Adresse (URL)').fill('http://127.0.0.1:8080/x');
    await admin.getByLabel('Geheimnis (mindestens 16 Zeichen)').fill('ein-langes-geheimnis-123');
    await admin.getByRole('button', { name: 'Webhook hinzufügen' }).click();
    await admin.locator('#webhook-new-url-error').waitFor();

    await admin.goto('/admin/users');
    await admin
      .getByRole('row', { name: /karl@kunde\.test/ })
      .getByRole('button', { name: /^Bearbeiten/ })
      .click();
    await admin.getByRole('button', { name: 'Anonymisieren' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Karl Kunde anonymisieren?' });
    await dialog.getByRole('button', { name: 'Anonymisieren' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Anonymisiert als Anonymisiert #${karl.id}.` })
      .waitFor();
    const user = await h.t.admin.client.get(`/api/v1/users/${karl.id}`);
    expect(user.body).toMatchObject({ name: `Anonymisiert #${karl.id}`, email: `anonymised-${karl.id}@invalid`, active: false });
  });
});
