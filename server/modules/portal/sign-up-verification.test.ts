import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/test-database.ts';
import { Client, createTestApp, type TestApp, type TestUser } from '../../test/test-app.ts';
import { findOrCreateSender } from '../mail/mail-sender.ts';
import { rawMail, startIntake } from '../mail/test/intake-harness.ts';

interface QueuedMail {
  to: string;
  subject: string;
  text: string;
}

async function mailsTo(t: TestApp, email: string): Promise<QueuedMail[]> {
  const jobs = await t.db.handle.db.selectFrom('jobs').select(['payload']).where('kind', '=', 'mail.send').orderBy('id', 'desc').execute();
  return jobs.map((j) => JSON.parse(j.payload) as QueuedMail).filter((m) => m.to === email);
}

/** The token of the newest confirmation link mailed to an address. */
async function verificationToken(t: TestApp, email: string): Promise<string> {
  const mail = (await mailsTo(t, email)).find((m) => m.text.includes('/verify-email?token='));
  const token = mail && /verify-email\?token=([\w%-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no confirmation link to ${email}`);
  return decodeURIComponent(token);
}

describe.each(DIALECTS)('sign-up verification and domain membership on %s', (dialect) => {
  let t: TestApp;
  let org: number;
  let colleague: TestUser;
  let sharedTicket: number;
  const password = 'ein-langes-passwort';

  beforeAll(async () => {
    t = await createTestApp(dialect, { publicUrl: 'https://help.example.test' });
    await t.admin.client.patch('/api/v1/settings/portal', { signupAllowed: true });
    org = await t.organisation('Kunde GmbH', { domain: 'customer-domain.example', sharesTickets: true });
    colleague = await t.user({ role: 'customer', email: 'chefin@customer-domain.example', organisationId: org, password: 'chefin-passwort-1' });
    sharedTicket = (await colleague.client.post('/api/v1/tickets', { subject: 'Gehaltsliste', body: 'Vertraulich' })).body.id;
  });
  afterAll(() => t.close());

  it('keeps an unconfirmed sign-up out of the organisation of its domain until the link is followed', async () => {
    const signed = await t.anonymous.post('/api/v1/auth/signup', { email: 'someone@customer-domain.example', name: 'Some One', password });
    expect(signed.status).toBe(202);
    const attacker = await t.login('someone@customer-domain.example', password);
    const me = (await attacker.get('/api/v1/auth/me')).body.user;
    expect(me).toMatchObject({ organisationId: null, emailVerified: false });

    // The attack: read the organisation's shared tickets with an address nobody proved.
    expect((await attacker.get(`/api/v1/tickets/${sharedTicket}`)).status).toBe(404);
    expect((await attacker.get('/api/v1/tickets')).body.items).toEqual([]);
    expect((await attacker.get(`/api/v1/organisations/${org}`)).status).toBe(404);

    // Following the link proves the address: membership, and the shared tickets, follow.
    const token = await verificationToken(t, 'someone@customer-domain.example');
    const stored = await t.db.handle.db.selectFrom('email_verifications').select('token_hash').where('user_id', '=', me.id).execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    const verified = await t.anonymous.post('/api/v1/auth/verify-email', { token });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ status: 'verified', organisationId: org });
    expect((await attacker.get('/api/v1/auth/me')).body.user).toMatchObject({ organisationId: org, emailVerified: true });
    expect((await attacker.get(`/api/v1/tickets/${sharedTicket}`)).status).toBe(200);

    const reused = await t.anonymous.post('/api/v1/auth/verify-email', { token });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toEqual({ code: 'invalid_input', message: expect.stringContaining('invalid, used or expired'), fields: { token: 'Invalid, used or expired.' } });
    expect((await t.anonymous.post('/api/v1/auth/verify-email', { token: 'erfunden' })).status).toBe(400);
    expect((await t.anonymous.post('/api/v1/auth/verify-email', {})).status).toBe(400);
  });

  it('refuses an expired link with a clear 400 and sends a new one on request', async () => {
    await t.anonymous.post('/api/v1/auth/signup', { email: 'spaet@customer-domain.example', name: 'Spät', password, locale: 'en' });
    const late = await t.login('spaet@customer-domain.example', password);
    const token = await verificationToken(t, 'spaet@customer-domain.example');
    expect((await mailsTo(t, 'spaet@customer-domain.example'))[0]?.subject).toBe('Confirm your e-mail address');
    await t.db.handle.db
      .updateTable('email_verifications')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('email', '=', 'spaet@customer-domain.example')
      .execute();
    const expired = await t.anonymous.post('/api/v1/auth/verify-email', { token });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('invalid_input');
    expect(expired.body.error.message).toMatch(/expired/);
    expect((await late.get(`/api/v1/tickets/${sharedTicket}`)).status).toBe(404);

    expect((await late.post('/api/v1/auth/verify-email/resend')).status).toBe(202);
    const fresh = await verificationToken(t, 'spaet@customer-domain.example');
    expect(fresh).not.toBe(token);
    expect((await t.anonymous.post('/api/v1/auth/verify-email', { token: fresh })).status).toBe(200);
    expect((await late.get(`/api/v1/tickets/${sharedTicket}`)).status).toBe(200);
    expect((await late.post('/api/v1/auth/verify-email/resend')).status).toBe(409);
    expect((await t.anonymous.post('/api/v1/auth/verify-email/resend')).status).toBe(401);
  });

  it('answers a sign-up with a taken address exactly like one with a new address, and tells the owner', async () => {
    // Only the warnings count: notifications of earlier tests' tickets may still be arriving.
    const warnings = async () => (await mailsTo(t, colleague.email)).filter((m) => m.subject === 'Registrierung mit Ihrer Adresse versucht');
    const before = (await warnings()).length;
    const taken = await t.anonymous.post('/api/v1/auth/signup', { email: 'Chefin@Customer-Domain.example', name: 'Eindringling', password });
    const fresh = await t.anonymous.post('/api/v1/auth/signup', { email: 'neu@customer-domain.example', name: 'Neu', password });
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(fresh.body);
    expect(taken.raw.cookies).toEqual([]);
    expect(fresh.raw.cookies).toEqual([]);
    expect(Object.keys(taken.headers).sort()).toEqual(Object.keys(fresh.headers).sort());

    const mails = await warnings();
    expect(mails.length).toBe(before + 1);
    expect(mails[0]?.text).toContain('https://help.example.test/password-reset');
    expect(mails[0]?.text).not.toContain(password);
    // The owner's account is untouched: the intruder's password does not open it.
    expect((await t.anonymous.post('/api/v1/auth/login', { email: colleague.email, password })).status).toBe(401);
    expect((await t.login(colleague.email, 'chefin-passwort-1')).constructor).toBe(Client);
    const name = await t.db.handle.db.selectFrom('users').select('name').where('id', '=', colleague.id).executeTakeFirstOrThrow();
    expect(name.name).toBe(colleague.name);
  });

  it('lets mail senders and requesters join by domain only where the admin trusts the domain', async () => {
    const db = t.db.handle.db;
    const sender = await findOrCreateSender(db, 'absender@customer-domain.example', 'Absender');
    expect(sender.organisation_id).toBeNull();
    const agent = await t.user({ role: 'agent' });
    const onBehalf = await agent.client.post('/api/v1/tickets', { subject: 'Telefonat', body: 'Anruf', requesterEmail: 'anrufer@customer-domain.example' });
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.body.requester.email).toBe('anrufer@customer-domain.example');
    const caller = await db.selectFrom('users').select(['organisation_id', 'email_verified']).where('email', '=', 'anrufer@customer-domain.example').executeTakeFirstOrThrow();
    expect(caller).toEqual({ organisation_id: null, email_verified: 0 });

    const trusted = await t.admin.client.patch(`/api/v1/organisations/${org}`, { domainTrusted: true });
    expect(trusted.status).toBe(200);
    expect(trusted.body.domainTrusted).toBe(true);
    expect((await agent.client.patch(`/api/v1/organisations/${org}`, { domainTrusted: false })).status).toBe(403);
    expect((await findOrCreateSender(db, 'zweiter@customer-domain.example', 'Zweiter')).organisation_id).toBe(org);
    await agent.client.post('/api/v1/tickets', { subject: 'Telefonat 2', body: 'Anruf', requesterEmail: 'anrufer2@customer-domain.example' });
    expect((await db.selectFrom('users').select('organisation_id').where('email', '=', 'anrufer2@customer-domain.example').executeTakeFirstOrThrow()).organisation_id).toBe(org);
    await t.admin.client.patch(`/api/v1/organisations/${org}`, { domainTrusted: false });
  });

  it('counts a followed reset link as proof of the address', async () => {
    const db = t.db.handle.db;
    const sender = await findOrCreateSender(db, 'leser@customer-domain.example', 'Leser');
    expect(sender.organisation_id).toBeNull();
    expect((await t.anonymous.post('/api/v1/auth/password-reset', { email: 'leser@customer-domain.example' })).status).toBe(202);
    const mail = (await mailsTo(t, 'leser@customer-domain.example'))[0];
    const token = decodeURIComponent(/reset-password\?token=([\w%-]+)/.exec(mail?.text ?? '')?.[1] ?? '');
    expect((await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token, password })).status).toBe(204);
    const after = await db.selectFrom('users').select(['organisation_id', 'email_verified']).where('id', '=', sender.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ organisation_id: org, email_verified: 1 });
  });

  it('keeps existing and admin-made users verified', async () => {
    const made = await t.admin.client.post('/api/v1/users', { email: 'angelegt@customer-domain.example', name: 'Angelegt', role: 'customer' });
    expect(made.body.emailVerified).toBe(true);
    const admin = await t.db.handle.db.selectFrom('users').select('email_verified').where('id', '=', t.admin.id).executeTakeFirstOrThrow();
    expect(admin.email_verified).toBe(1);
  });
  it("locks out a stranger who signed up with somebody else's address once mail from that address arrives", async () => {
    // The stranger claims the victim's address and may use the portal with it, unconfirmed.
    expect((await t.anonymous.post('/api/v1/auth/signup', { email: 'opfer@elsewhere.example', name: 'Opfer', password })).status).toBe(202);
    const stranger = await t.login('opfer@elsewhere.example', password);
    expect((await stranger.get('/api/v1/auth/me')).body.user).toMatchObject({ emailVerified: false });

    // The real owner of the mailbox writes to the helpdesk.
    const intake = await startIntake(t);
    try {
      await intake.deliver(rawMail({ From: 'Opfer <opfer@elsewhere.example>', 'Message-ID': '<takeover-1@elsewhere.example>', Subject: 'Meine Gehaltsabrechnung' }, 'Die Abrechnung stimmt nicht.'));
      await intake.drain();
      const mail = (await intake.inbound('<takeover-1@elsewhere.example>'))!;
      expect(mail.outcome).toBe('new_ticket');

      // The stranger's session and password are gone; the request is not theirs to read.
      expect((await stranger.get(`/api/v1/tickets/${mail.ticket_id}`)).status).toBe(401);
      const again = await t.anonymous.post('/api/v1/auth/login', { email: 'opfer@elsewhere.example', password });
      expect(again.status).toBe(401);
      const audit = await t.db.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.unconfirmed_password_dropped').execute();
      expect(audit).toHaveLength(1);

      // The owner gets in by a password reset, which proves the address, and sees the request.
      expect((await t.anonymous.post('/api/v1/auth/password-reset', { email: 'opfer@elsewhere.example' })).status).toBe(202);
      const reset = (await mailsTo(t, 'opfer@elsewhere.example')).find((m) => m.text.includes('reset-password?token='));
      const token = decodeURIComponent(/reset-password\?token=([\w%-]+)/.exec(reset?.text ?? '')?.[1] ?? '');
      expect((await t.anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'mein-eigenes-passwort' })).status).toBe(204);
      const owner = await t.login('opfer@elsewhere.example', 'mein-eigenes-passwort');
      expect((await owner.get(`/api/v1/tickets/${mail.ticket_id}`)).status).toBe(200);

      // A confirmed account keeps its password when its owner mails in.
      await intake.deliver(rawMail({ From: 'Opfer <opfer@elsewhere.example>', 'Message-ID': '<takeover-2@elsewhere.example>', Subject: 'Noch etwas' }, 'Danke.'));
      await intake.drain();
      expect((await owner.get('/api/v1/auth/me')).status).toBe(200);
    } finally {
      await intake.close();
    }
  });
});
