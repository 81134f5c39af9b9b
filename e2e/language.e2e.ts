import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/** A person whose language is not chosen yet sees the portal in their browser's language. */
describe('the language rule in the browser', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the English portal to an English browser while the language is unset, and a chosen language wins', async () => {
    const jane = await h.t.user({ role: 'customer', name: 'Jane Doe', email: 'jane@customer.test', password: PASSWORD });
    expect((await h.t.db.handle.db.selectFrom('users').select('locale').where('id', '=', jane.id).executeTakeFirstOrThrow()).locale).toBeNull();
    const page = await (await h.context('en-GB')).newPage();
    await signIn(page, jane.email, PASSWORD);
    await page.goto('/portal');
    await page.locator('h1', { hasText: 'My requests' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // Someone who chose German keeps German in the same English browser.
    const jorg = await h.t.user({ role: 'customer', name: 'Jörg Maier', email: 'joerg@kunde.test', password: PASSWORD });
    await h.t.db.handle.db.updateTable('users').set({ locale: 'de' }).where('id', '=', jorg.id).execute();
    const german = await (await h.context('en-GB')).newPage();
    await signIn(german, jorg.email, PASSWORD);
    await german.goto('/portal');
    await german.locator('h1', { hasText: 'Meine Anfragen' }).waitFor();
  });
});
