import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail, startIntake } from '../server/modules/mail/test/intake-harness.ts';
import { screenshot, signIn, startHarness, type Harness } from './harness.ts';

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

  it('answers a German mail from a new requester with a German receipt, while an English browser shows the ticket in English', async () => {
    const intake = await startIntake(h.t);
    try {
      await intake.deliver(
        rawMail(
          { From: 'Jörg Maier <joerg.maier@kunde.example>', Subject: 'Drucker im Büro offline' },
          'Guten Tag, seit heute Morgen ist der Drucker in unserem Büro nicht erreichbar. Können Sie bitte nachsehen?',
        ),
      );
      await intake.drain();
      const receipt = intake.sink.mails.find((m) => m.envelopeTo.includes('joerg.maier@kunde.example'))?.parsed;
      expect(receipt?.text).toContain('vielen Dank für Ihre Anfrage');
      const requester = await h.t.db.handle.db.selectFrom('users').select('locale').where('email', '=', 'joerg.maier@kunde.example').executeTakeFirstOrThrow();
      expect(requester.locale).toBe('de');

      // An agent whose language is unset works in an English browser: the workspace is English, the mail German.
      const anna = await h.t.user({ role: 'agent', name: 'Anna Agent', email: 'anna@anlauf.test', password: PASSWORD });
      expect((await h.t.db.handle.db.selectFrom('users').select('locale').where('id', '=', anna.id).executeTakeFirstOrThrow()).locale).toBeNull();
      const page = await (await h.context('en-US')).newPage();
      await signIn(page, anna.email, PASSWORD);
      await page.goto('/agent/tickets');
      await page.getByRole('link', { name: 'Drucker im Büro offline' }).click();
      await page.getByText('seit heute Morgen ist der Drucker').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByRole('heading', { name: 'Drucker im Büro offline' }).waitFor();
      await screenshot(page, 'language-german-mail-english-agent');
    } finally {
      await intake.close();
    }
  });
});
