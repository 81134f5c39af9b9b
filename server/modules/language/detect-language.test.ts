import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { type Intake, rawMail, startIntake } from '../mail/test/intake-harness.ts';
import { detectLanguage } from './detect-language.ts';

describe('detectLanguage', () => {
  it('tells German from English and says nothing about text too short to tell', () => {
    expect(detectLanguage('Hello, since yesterday my printer on the second floor does not print anymore.')).toBe('en');
    expect(detectLanguage('Guten Tag, seit gestern druckt der Drucker im zweiten Stock nicht mehr.')).toBe('de');
    expect(detectLanguage('Hi')).toBeNull();
    expect(detectLanguage('https://example.com/some/very/long/path/that/is/no/language')).toBeNull();
  });
});

describe.each(DIALECTS)('a person’s language on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    intake = await startIntake(t);
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });

  const localeOf = async (email: string) => (await t.db.handle.db.selectFrom('users').select('locale').where('email', '=', email).executeTakeFirstOrThrow()).locale;
  const receiptTo = (email: string) => intake.sink.mails.find((m) => m.envelopeTo.includes(email))?.parsed;

  it('answers an English mail from a new person with an English receipt and remembers the language', async () => {
    await intake.deliver(
      rawMail({ From: 'Jane Doe <jane.doe@customer.example>', Subject: 'Printer offline' }, 'Hello, since this morning the printer in our office is offline. Could you please have a look?'),
    );
    await intake.drain();
    const receipt = receiptTo('jane.doe@customer.example');
    expect(receipt?.text).toContain('thank you for your request');
    expect(await localeOf('jane.doe@customer.example')).toBe('en');
  });

  it('answers a German mail from a new person with a German receipt', async () => {
    await intake.deliver(
      rawMail({ From: 'Jörg Maier <joerg.maier@kunde.example>', Subject: 'Drucker' }, 'Guten Tag, seit heute Morgen ist der Drucker in unserem Büro nicht erreichbar. Können Sie bitte nachsehen?'),
    );
    await intake.drain();
    expect(receiptTo('joerg.maier@kunde.example')?.text).toContain('vielen Dank für Ihre Anfrage');
    expect(await localeOf('joerg.maier@kunde.example')).toBe('de');
  });

  it('keeps a chosen language: an English-writing person who chose German gets German', async () => {
    const chosen = await t.user({ role: 'customer', email: 'chose.german@customer.example' });
    await t.db.handle.db.updateTable('users').set({ locale: 'de' }).where('id', '=', chosen.id).execute();
    await intake.deliver(rawMail({ From: 'chose.german@customer.example', Subject: 'Laptop' }, 'Hello, my laptop does not start anymore since the last update. What can I do?'));
    await intake.drain();
    expect(receiptTo('chose.german@customer.example')?.text).toContain('vielen Dank für Ihre Anfrage');
    expect(await localeOf('chose.german@customer.example')).toBe('de');
  });

  it('leaves the language unset (null) in the API until it is chosen or learned from the first message', async () => {
    const created = await t.admin.client.post('/api/v1/users', { email: 'new.person@customer.example', name: 'New Person', role: 'customer' });
    expect(created.status).toBe(201);
    expect(created.body.locale).toBeNull();
    const person = await t.user({ role: 'customer' });
    expect((await person.client.get('/api/v1/me/profile')).body.locale).toBeNull();
    const ticket = await person.client.post('/api/v1/tickets', { subject: 'Password', body: 'I forgot my password and cannot sign in to the portal any more, please help.' });
    expect(ticket.status).toBe(201);
    await intake.drain();
    expect((await person.client.get('/api/v1/me/profile')).body.locale).toBe('en');
    // Back to "not chosen": the web app follows the browser again; the learned language is gone too.
    const reset = await person.client.patch('/api/v1/me/profile', { locale: null });
    expect(reset.status).toBe(200);
    expect(reset.body.locale).toBeNull();
    const byAdmin = await t.admin.client.patch(`/api/v1/users/${created.body.id}`, { locale: 'en' });
    expect(byAdmin.body.locale).toBe('en');
  });
});
