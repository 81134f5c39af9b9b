/**
 * Hold the line: every route the app registers × every kind of caller, against a table of
 * what each caller may do. A route that is not in the table fails this test, so a new route
 * needs a written policy decision before it can land.
 *
 * Each request names objects that belong to someone else (the customer's ticket, another
 * user's token, …) and sends a well-formed body, so that "denied" is the policy and not a
 * validation error. Outcomes:
 *   D  denied: 401, 403 or 404
 *   A  allowed: anything below 500 that is not a denial (2xx, 400, 409, …)
 *   *  public or unspecific: anything below 500
 * Never a 500, for anyone.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../modules/attachments/test/upload.ts';
import { PNG_1X1, uploadImages } from '../modules/knowledge/test/images.ts';
import { createApiToken } from '../modules/auth/auth.queries.ts';
import { storeInboundMail } from '../modules/mail/store-inbound-mail.ts';
import { createTestApp, type Client, type TestApp } from './test-app.ts';
import { DIALECTS } from './test-database.ts';
import { type Ids, type Method, type Role, ROLES, TABLE } from './route-policy-table.ts';

/** "METHOD path" of every route, from Fastify's route tree (HEAD left out: it follows GET). */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

function fill(path: string, ids: Ids): string {
  const idFor: Array<[RegExp, number]> = [
    [/\/tickets\/:id/, ids.ticket],
    [/\/attachments\/:id/, ids.attachment],
    [/\/organisations\/:id/, ids.organisation],
    [/\/groups\/:id/, ids.group],
    [/\/categories\/:id/, ids.category],
    [/\/users\/:id/, ids.user],
    [/\/me\/tokens\/:id/, ids.strangerToken],
    [/\/me\/views\/:id/, ids.strangerView],
    [/\/admin\/jobs\/:id/, ids.job],
    [/\/admin\/mailboxes\/:id/, ids.mailbox],
    [/\/kb\/articles\/:id/, ids.kbArticle],
    [/\/kb\/images\/:id/, ids.kbImage],
    [/\/admin\/calendars\/:id/, ids.calendar],
    [/\/admin\/sla-policies\/:id/, ids.slaPolicy],
    [/\/admin\/triggers\/:id/, ids.trigger],
    [/\/admin\/inbound-mails\/:id/, ids.inboundMail],
    [/\/macros\/:id/, ids.macro],
    [/\/snippets\/:id/, ids.snippet],
    [/\/admin\/mail-routes\/:id/, ids.mailRoute],
    [/\/problems\/:id/, ids.problem],
    [/\/admin\/webhooks\/:id/, ids.webhook],
  ];
  let filled = path;
  for (const [pattern, id] of idFor) if (pattern.test(filled)) filled = filled.replace(':id', String(id));
  filled = filled.replace(':ticketId', String(ids.ticket)).replace(':articleId', String(ids.kbArticle)).replace(':slug', ids.kbSlug).replace('/versions/:version', '/versions/1');
  return filled.replace(':userId', String(ids.stranger)).replace(':tokenId', String(ids.userToken)).replace('/*', '/missing.js');
}

function multipartBody(): { payload: string; contentType: string } {
  const boundary = `matrix${crypto.randomBytes(6).toString('hex')}`;
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.txt"\r\nContent-Type: text/plain\r\n\r\nmatrix\r\n--${boundary}--\r\n`;
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const outcome = (status: number) => (status >= 500 ? '5' : [401, 403, 404].includes(status) ? 'D' : 'A');

describe.each(DIALECTS)('authorisation matrix of every route (%s)', (dialect) => {
  let t: TestApp;
  let ids: Ids;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const cast = await t.cast();
    Object.assign(clients, {
      anonymous: t.anonymous,
      customer: cast.customer.client,
      otherCustomer: cast.other.client,
      foreignAgent: cast.specialist.client,
      agent: cast.agent.client,
      admin: t.admin.client,
    });
    const kdb = t.db.handle.db;
    const ticket = (await cast.customer.client.post('/api/v1/tickets', { subject: 'Drucker der Matrix', body: 'Text' })).body.id as number;
    const secondTicket = (await cast.customer.client.post('/api/v1/tickets', { subject: 'Zweites', body: 'Text' })).body.id as number;
    const attachment = (await upload(cast.customer.client, ticket, [{ filename: 'a.txt', content: Buffer.from('a'), type: 'text/plain' }])).body.items[0].id as number;
    expect((await cast.customer.client.post(`/api/v1/tickets/${ticket}/messages`, { body: 'Anhang', attachmentIds: [attachment] })).status).toBe(201);
    const stranger = await t.user({ role: 'agent', name: 'Fremde Agentin' });
    const strangerToken = (await createApiToken(kdb, stranger.id, 'fremd')).id;
    const strangerView = (await stranger.client.post('/api/v1/me/views', { name: 'Fremde Ansicht', filters: {} })).body.id as number;
    const kb = (await t.admin.client.post('/api/v1/kb/articles', { title: 'Interner Entwurf', body: 'Matrix', locale: 'de', visibility: 'internal', status: 'draft' })).body;
    const job = (await kdb.selectFrom('jobs').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 1;
    ids = {
      ticket,
      secondTicket,
      attachment,
      organisation: await t.organisation('Matrix GmbH'),
      group: await t.group('Matrix-Gruppe'),
      category: await t.category('Matrix-Kategorie'),
      user: cast.customer.id,
      strangerToken,
      userToken: (await createApiToken(kdb, cast.customer.id, 'zweites')).id,
      stranger: stranger.id,
      strangerView,
      job,
      mailbox: (await t.admin.client.post('/api/v1/admin/mailboxes', { name: 'Vorhanden', host: '127.0.0.1', port: 1, secure: false, username: 'x', password: 'y' })).body.id,
      kbArticle: kb.id,
      kbSlug: kb.slug,
      kbImage: (await uploadImages(t.admin.client, [{ filename: 'm.png', content: PNG_1X1, type: 'image/png' }])).body.items[0].id,
      calendar: 0,
      slaPolicy: 0,
      trigger: 0,
      mailRoute: 0,
      webhook: (await t.admin.client.post('/api/v1/admin/webhooks', { url: 'https://203.0.113.10/vorhanden', events: ['ticket.created'], secret: 'matrix-secret-123456' })).body.id,
      inboundMail: await storedMail(),
      macro: (await t.admin.client.post('/api/v1/macros', { name: 'Vorhanden', scope: 'shared', changes: { priority: 'high' } })).body.id,
      snippet: (await t.admin.client.post('/api/v1/snippets', { name: 'Vorhanden', scope: 'shared', bodyDe: 'Hallo {{requester.firstName}}' })).body.id,
      problem: 0,
    };
    ids.problem = (await t.admin.client.post('/api/v1/problems', { title: 'Vorhandenes Problem', ticketIds: [ticket] })).body.id;
    ids.calendar = (await t.admin.client.post('/api/v1/admin/calendars', { name: 'Vorhanden', timeZone: 'Europe/Berlin', hours: { mon: [['08:00', '17:00']] } })).body.id;
    ids.slaPolicy = (await t.admin.client.post('/api/v1/admin/sla-policies', { name: 'Vorhanden', calendarId: ids.calendar, firstResponseMinutes: 60, resolutionMinutes: 480 })).body.id;
    ids.trigger = (await t.admin.client.post('/api/v1/admin/triggers', { name: 'Vorhanden', events: ['created'], actions: [{ type: 'add_tag', tag: 'matrix' }] })).body.id;
    ids.mailRoute = (await t.admin.client.post('/api/v1/admin/mail-routes', { address: 'vorhanden@example.com', groupId: ids.group })).body.id;
    expect(strangerView).toEqual(expect.any(Number));
    async function storedMail() {
      const stored = await storeInboundMail(kdb, t.dialect, Buffer.from('From: a@kunde.example\r\nMessage-ID: <matrix@kunde.example>\r\n\r\nText\r\n'), { source: 'api' });
      return stored.stored ? stored.id : stored.duplicateOf;
    }
  });
  afterAll(() => t.close());

  it('has a policy decision for every registered route, and none for a route that is gone', () => {
    const routes = registeredRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !TABLE[r]);
    expect(missing, 'routes without a line in TABLE (route-policy-table.ts): decide who may call them').toEqual([]);
    expect(
      Object.keys(TABLE).filter((r) => !routes.includes(r) && !TABLE[r]!.optional),
      'lines in TABLE for routes that do not exist',
    ).toEqual([]);
  });

  // Every route × six callers in one test: on a loaded machine that outgrows the default 30 s.
  it('answers every route as the table says, for every caller, never with a 500', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const [route, policy] of Object.entries(TABLE)) {
      if (policy.coveredBy) continue;
      const [method, path] = route.split(' ') as [Method, string];
      const url = fill(path, ids) + (typeof policy.query === 'function' ? policy.query(ids) : (policy.query ?? ''));
      // Callers that must be refused go first, so an allowed change cannot hide a later denial.
      const order = ROLES.map((role, i) => ({ role, want: policy.expect[i]! })).sort((a, b) => (a.want === 'D' ? -1 : 0) - (b.want === 'D' ? -1 : 0));
      for (const { role, want } of order) {
        let res;
        if (policy.multipart) {
          const { payload, contentType } = multipartBody();
          res = await clients[role].request(method, url, payload, { 'content-type': contentType });
        } else {
          res = await clients[role].request(method, url, policy.body ? policy.body(ids) : method === 'GET' || method === 'DELETE' ? undefined : {});
        }
        const got = outcome(res.status);
        if (got === '5' || (want !== '*' && got !== want)) wrong.push(`${route} as ${role}: expected ${want}, got ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
