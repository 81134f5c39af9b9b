import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';
const PHONE = { width: 390, height: 844 };

/**
 * How far the page is wider than the phone's screen (0: nothing to scroll sideways). A phone
 * browser zooms out to fit a page that is too wide, which widens innerWidth too: so the layout
 * width must also still be the screen's.
 */
async function sidewaysOverflow(page: Page): Promise<{ excess: number; widest: string[] }> {
  return page.evaluate((screenWidth) => {
    const root = document.scrollingElement!;
    const excess = Math.max(root.scrollWidth - window.innerWidth, window.innerWidth - screenWidth);
    // Name the culprits, so a failure says where to look.
    const widest = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > screenWidth + 1 && !el.closest('.table-wrap, .data-table, .visually-hidden, .skip-link'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { excess, widest };
  }, PHONE.width);
}

/** Opens a page on the phone, waits for it to settle, checks it fits the screen and saves a screenshot. */
async function fits(page: Page, path: string, name: string): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => !document.querySelector('.state-loading') && document.querySelector('main h1'), undefined, { timeout: 10_000 });
  const overflow = await sidewaysOverflow(page);
  await screenshot(page, `mobile-${name}`);
  expect(overflow, `${path} is wider than ${PHONE.width} px`).toEqual({ excess: 0, widest: [] });
}

/** The main pages at 390 × 844 (an iPhone 12–15): nothing to scroll sideways, tables scroll inside their box. */
describe('on a phone (390 px)', () => {
  let h: Harness;
  let phone: BrowserContext;
  let ticketId: number;

  beforeAll(async () => {
    h = await startHarness();
    const org = await h.t.organisation('Bäckerei Schmidt und Söhne Großhandel GmbH', { domain: 'baeckerei-schmidt.example' });
    const customer = await h.t.user({ role: 'customer', name: 'Karla Kundenfreundlich-Mustermann', email: 'karla@baeckerei-schmidt.example', password: PASSWORD, organisationId: org });
    await h.t.user({ role: 'agent', name: 'Anna Agent', email: 'anna@anlauf.test', password: PASSWORD });
    await h.t.category('Warenwirtschaft und Kassensysteme');
    const subjects = ['Kassensystem startet nach dem Update nicht mehr, Filiale Hauptbahnhof', 'Drucker im Lager druckt leere Seiten', 'Neues Passwort für das Bestellportal'];
    for (const subject of subjects) {
      const created = await customer.client.post('/api/v1/tickets', {
        subject,
        body: `${subject}.\n\nSeit heute früh; bitte dringend ansehen. Fehlermeldung: E_KASSE_0x8007045D_TIMEOUT_WHILE_CONNECTING_TO_SERVER`,
      });
      ticketId = created.body.id;
    }
    await h.t.admin.client.post(`/api/v1/tickets/${ticketId}/messages`, { body: 'Wir sehen uns das an. Können Sie ein Foto der Fehlermeldung schicken?' });
    phone = await h.browser.newContext({ baseURL: h.baseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    phone.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await phone?.close();
    await h?.close();
  });

  it('shows the agent workspace and the administration without sideways scrolling', async () => {
    const page = await phone.newPage();
    await signIn(page, 'admin@anlauf.test', 'admin-password-1');
    await fits(page, '/agent', 'agent-home');

    // The top bar keeps its links behind a menu button.
    const menu = page.getByRole('button', { name: 'Menü' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Tickets', exact: true }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'mobile-menu-open');
    expect(await sidewaysOverflow(page)).toEqual({ excess: 0, widest: [] });
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
    await page.waitForURL(/\/agent\/tickets$/);
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');

    await fits(page, '/agent/tickets', 'agent-ticket-list');
    // Each ticket is a card whose subject, status, priority and requester can be read in full.
    const card = page.locator('.ticket-table tbody tr').filter({ hasText: 'Kassensystem startet' });
    for (const part of ['.col-subject', '.col-status', '.col-priority', '.col-requester']) {
      const box = await card.locator(part).boundingBox();
      expect(box, part).not.toBeNull();
      expect(box!.x, part).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, part).toBeLessThanOrEqual(PHONE.width);
      expect(await card.locator(part).evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    }

    await fits(page, `/agent/tickets/${ticketId}`, 'agent-ticket-view');
    expect(await page.locator('#reply-body, textarea').first().isVisible()).toBe(true);
    await fits(page, '/agent/tickets/new', 'agent-new-ticket');

    for (const section of ['users', 'organisations', 'groups', 'categories', 'inbound-mail', 'mailboxes', 'audit-log', 'portal']) {
      await fits(page, `/admin/${section}`, `admin-${section}`);
    }
    await fits(page, '/profile', 'profile');
  }, 300_000);

  it('lets a customer follow and open requests in the portal', async () => {
    const customerPhone = await h.browser.newContext({ baseURL: h.baseUrl, locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await customerPhone.newPage();
    await signIn(page, 'karla@baeckerei-schmidt.example', PASSWORD);
    await fits(page, '/portal', 'portal-requests');
    await fits(page, '/portal/new', 'portal-new-request');
    await fits(page, `/portal/requests/${ticketId}`, 'portal-request');
    await fits(page, '/help', 'help-center');
    await customerPhone.close();
  }, 120_000);
});
