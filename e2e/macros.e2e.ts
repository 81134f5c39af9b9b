import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, signIn, startHarness, type Harness } from './harness.ts';

const PASSWORD = 'correct-horse-battery-9';

/**
 * An agent at work with the helpers around the composer: sees how the requester rated an
 * earlier ticket (on that ticket and on the requester card), inserts a snippet by typing "::"
 * and applies a macro whose reply lands in the composer for review.
 */
describe('macros, snippets and satisfaction in the browser', () => {
  let h: Harness;
  let rated: number;
  let open: number;
  let version: number;

  beforeAll(async () => {
    h = await startHarness();
    const groups = (await h.t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>;
    const serviceDesk = groups.find((g) => g.level === '1')!.id;
    await h.t.user({ role: 'agent', name: 'Erika Erstlevel', email: 'erika@firma.test', password: PASSWORD, groupIds: [serviceDesk] });
    const karl = await h.t.user({ role: 'customer', name: 'Karl Kunde', email: 'karl@kunde.test' });
    await h.t.admin.client.patch(`/api/v1/users/${karl.id}`, { locale: 'de' });
    const first = await karl.client.post('/api/v1/tickets', { subject: 'Passwort abgelaufen', body: 'Ich komme nicht mehr rein.' });
    await h.t.admin.client.patch(`/api/v1/tickets/${first.body.id}`, { version: first.body.version, status: 'resolved' });
    expect((await karl.client.post(`/api/v1/tickets/${first.body.id}/satisfaction`, { rating: 4, comment: 'Schnell erledigt, danke!' })).status).toBe(200);
    rated = first.body.id;
    const second = await karl.client.post('/api/v1/tickets', { subject: 'Drucker im 2. OG', body: 'Der Drucker zieht kein Papier ein.' });
    open = second.body.id;
    version = second.body.version;
    expect((await h.t.admin.client.post('/api/v1/snippets', { name: 'Begrüßung', scope: 'shared', bodyDe: 'Hallo {{requester.firstName}},', bodyEn: 'Hi {{requester.firstName}},' })).status).toBe(201);
    const macro = await h.t.admin.client.post('/api/v1/macros', {
      name: 'Rückfrage Modell',
      scope: 'shared',
      changes: { status: 'pending', assignToSelf: true },
      replyDe: 'welches Druckermodell ist es? (Ticket #{{ticket.number}})',
      replyEn: 'which printer model is it? (ticket #{{ticket.number}})',
    });
    expect(macro.status).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the rating, inserts a snippet with "::" and applies a macro', async () => {
    const erika = await (await h.context('de-DE')).newPage();
    await signIn(erika, 'erika@firma.test', PASSWORD);

    await erika.goto(`/agent/tickets/${rated}`);
    await erika.locator('.ticket-rating', { hasText: 'Bewertet mit 4 von 5' }).waitFor();
    await erika.locator('.ticket-rating', { hasText: 'Schnell erledigt, danke!' }).waitFor();
    await erika.locator('[data-testid="requester-ratings"]', { hasText: 'Durchschnitt 4 von 5 (1 Bewertungen)' }).waitFor();

    await erika.goto(`/agent/tickets/${open}`);
    await erika.locator('h1', { hasText: 'Drucker im 2. OG' }).waitFor();
    await erika.locator('[data-testid="requester-ratings"]', { hasText: 'Passwort abgelaufen' }).waitFor();
    const reply = erika.locator('#composer-body');
    await reply.click();
    await reply.pressSequentially('::');
    const picker = erika.getByRole('combobox', { name: 'Textbausteine' });
    await picker.waitFor();
    await picker.fill('Begr');
    await picker.press('Enter');
    await erika.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#composer-body')?.value ?? '').startsWith('Hallo Karl,'));

    await erika.getByRole('button', { name: 'Makro anwenden' }).click();
    await erika.getByRole('combobox', { name: 'Makros' }).fill('Modell');
    await erika.getByRole('option', { name: /Rückfrage Modell/ }).click();
    await erika.getByRole('status').filter({ hasText: 'Makro „Rückfrage Modell“ angewendet' }).waitFor();
    const text = await reply.inputValue();
    expect(text).toBe(`Hallo Karl,\n\nwelches Druckermodell ist es? (Ticket #${open})`);
    await checkPage(erika, '50-macro-applied');
    const after = (await h.t.admin.client.get(`/api/v1/tickets/${open}`)).body;
    expect(after).toMatchObject({ status: 'pending', assignee: { name: 'Erika Erstlevel' }, version: version + 1 });
    // Nothing was sent: the reply waits for Erika.
    expect((await h.t.admin.client.get(`/api/v1/tickets/${open}/messages`)).body.items).toHaveLength(1);
  });
});
