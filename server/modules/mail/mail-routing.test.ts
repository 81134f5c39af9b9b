import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { HELPDESK, type Intake, rawMail, startIntake } from './test/intake-harness.ts';

/**
 * Mail routing over a real SMTP session: an admin routes sap@… to the SAP team with the SAP
 * category and a whole domain to the network team; new tickets land there (the exact address
 * before the domain), other mail in the default group, and a reply never moves its ticket.
 */
describe.each(DIALECTS)('mail routing on %s', (dialect) => {
  let t: TestApp;
  let intake: Intake;
  let sapTeam: number;
  let networkTeam: number;
  let sapCategory: number;
  let serviceDesk: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    sapTeam = await t.group('SAP-Team', 'specialist');
    networkTeam = await t.group('Netzwerk', 'specialist');
    sapCategory = await t.category('SAP');
    serviceDesk = ((await t.admin.client.get('/api/v1/groups')).body.items as Array<{ id: number; level: string }>).find((g) => g.level === '1')!.id;
    intake = await startIntake(t);
  });
  afterAll(async () => {
    await intake.close();
    await t.close();
  });
  const ticketOfMail = async (messageId: string) => {
    const inbound = (await intake.inbound(messageId))!;
    expect(inbound.ticket_id, JSON.stringify(inbound.failure_reason)).not.toBeNull();
    return t.db.handle.db.selectFrom('tickets').select(['id', 'group_id', 'category_id']).where('id', '=', inbound.ticket_id!).executeTakeFirstOrThrow();
  };

  it('is set up by admins, with sentences for mistakes', async () => {
    const sap = await t.admin.client.post('/api/v1/admin/mail-routes', { address: ' SAP@Support.Example.com ', groupId: sapTeam, categoryId: sapCategory });
    expect(sap.status).toBe(201);
    expect(sap.body).toMatchObject({ address: 'sap@support.example.com', group: { id: sapTeam, name: 'SAP-Team' }, category: { id: sapCategory, name: 'SAP' } });
    const domain = await t.admin.client.post('/api/v1/admin/mail-routes', { address: '@support.example.com', groupId: networkTeam });
    expect(domain.status).toBe(201);
    expect(domain.body.category).toBeNull();

    const refusals: Array<[unknown, number, RegExp]> = [
      [{ address: 'kein-at', groupId: sapTeam }, 400, /address such as/],
      [{ address: 'x@support.example.com', groupId: 999999 }, 400, /Group 999999 does not exist/],
      [{ address: 'x@support.example.com', groupId: sapTeam, categoryId: 999999 }, 400, /Category 999999 does not exist/],
      [{ address: 'sap@support.example.com', groupId: networkTeam }, 409, /has a route already/],
    ];
    for (const [body, status, message] of refusals) {
      const res = await t.admin.client.post('/api/v1/admin/mail-routes', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(res.body.error)).toMatch(message);
    }
    expect((await t.admin.client.get('/api/v1/admin/mail-routes')).body.items.map((r: { address: string }) => r.address)).toEqual(['@support.example.com', 'sap@support.example.com']);
  });

  it('lands new tickets by the address written to; a reply stays where its ticket is', async () => {
    await intake.deliver(rawMail({ 'Message-ID': '<route-sap@kunde.example>', To: 'sap@support.example.com', Subject: 'Buchung hängt' }, 'Transaktion VA01 hängt.'), {
      to: ['sap@support.example.com'],
    });
    await intake.deliver(rawMail({ 'Message-ID': '<route-net@kunde.example>', To: 'netz@support.example.com', Subject: 'WLAN weg' }, 'Kein WLAN.'), { to: ['netz@support.example.com'] });
    await intake.deliver(rawMail({ 'Message-ID': '<route-none@kunde.example>', Subject: 'Allgemeine Frage' }, 'Wie geht das?'), { to: [HELPDESK] });
    await intake.drain();

    expect(await ticketOfMail('<route-sap@kunde.example>')).toMatchObject({ group_id: sapTeam, category_id: sapCategory });
    expect(await ticketOfMail('<route-net@kunde.example>')).toMatchObject({ group_id: networkTeam, category_id: null });
    const general = await ticketOfMail('<route-none@kunde.example>');
    expect(general).toMatchObject({ group_id: serviceDesk, category_id: null });

    // A reply to the general ticket sent to the SAP address is still a reply: the ticket does not move.
    await intake.deliver(
      rawMail(
        { 'Message-ID': '<route-reply@kunde.example>', To: 'sap@support.example.com', Subject: `Re: [#${general.id}] Allgemeine Frage`, 'In-Reply-To': '<route-none@kunde.example>' },
        'Noch eine Frage.',
      ),
      { to: ['sap@support.example.com'] },
    );
    await intake.drain();
    expect(await intake.inbound('<route-reply@kunde.example>')).toMatchObject({ outcome: 'reply', ticket_id: general.id });
    expect(await ticketOfMail('<route-none@kunde.example>')).toMatchObject({ group_id: serviceDesk });

    // Changed and removed routes apply to the next mail.
    const routes = (await t.admin.client.get('/api/v1/admin/mail-routes')).body.items as Array<{ id: number; address: string }>;
    const sapRoute = routes.find((r) => r.address === 'sap@support.example.com')!;
    expect((await t.admin.client.patch(`/api/v1/admin/mail-routes/${sapRoute.id}`, { categoryId: null })).body.category).toBeNull();
    expect((await t.admin.client.delete(`/api/v1/admin/mail-routes/${routes.find((r) => r.address === '@support.example.com')!.id}`)).status).toBe(204);
    await intake.deliver(rawMail({ 'Message-ID': '<route-net-2@kunde.example>', To: 'netz@support.example.com', Subject: 'Drucker' }, 'Papier.'), { to: ['netz@support.example.com'] });
    await intake.drain();
    expect(await ticketOfMail('<route-net-2@kunde.example>')).toMatchObject({ group_id: serviceDesk });
  });
});
