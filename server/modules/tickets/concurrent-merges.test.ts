import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMail } from '../mail/test/intake-harness.ts';
import { intakeOptions, processInboundMail } from '../mail/process-inbound-mail.ts';
import { storeInboundMail } from '../mail/store-inbound-mail.ts';
import { createTestApp, type Cast, type TestApp } from '../../test/test-app.ts';
import { DIALECTS } from '../../test/test-database.ts';

const ROUNDS = 12;

describe.each(DIALECTS)('concurrent merges (%s)', (dialect) => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    cast = await t.cast();
  });
  afterAll(() => t.close());

  const open = async (subject: string) => {
    const res = await cast.customer.client.post('/api/v1/tickets', { subject, body: `Text von ${subject}` });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const merge = (source: number, target: number) => cast.agent.client.post(`/api/v1/tickets/${source}/merge`, { targetId: target });

  /** No ticket is both merged away and the target of a merge that points back to it. */
  const expectNoCycle = async () => {
    const links = await t.db.handle.db.selectFrom('ticket_merges').select(['source_id', 'target_id']).execute();
    const into = new Map(links.map((l) => [l.source_id, l.target_id]));
    for (const start of into.keys()) {
      const seen = new Set<number>([start]);
      for (let id = into.get(start); id !== undefined; id = into.get(id)) {
        expect(seen.has(id), `merge cycle through #${id}`).toBe(false);
        seen.add(id);
      }
    }
  };
  /** A merged ticket keeps no messages: everything lives on in the ticket that carries on. */
  const expectNothingStranded = async () => {
    const stranded = await t.db.handle.db
      .selectFrom('messages')
      .select(['id', 'ticket_id'])
      .where('ticket_id', 'in', (eb) => eb.selectFrom('ticket_merges').select('source_id'))
      .execute();
    expect(stranded).toEqual([]);
  };

  it('A→B and B→A at once: exactly one wins, the other is a 409, never a 500 or a cycle', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await open(`A${round}`);
      const b = await open(`B${round}`);
      const results = await Promise.all([merge(a, b), merge(b, a)]);
      expect(results.map((r) => r.status).sort(), `round ${round}: ${JSON.stringify(results.map((r) => r.body))}`).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe('conflict');
    }
    await expectNoCycle();
    await expectNothingStranded();
  });

  it('A→B and B→C at once leave no message on a merged ticket', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await open(`Kette A${round}`);
      const b = await open(`Kette B${round}`);
      const c = await open(`Kette C${round}`);
      const results = await Promise.all([merge(a, b), merge(b, c)]);
      for (const r of results) expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
      // Whatever the order, A's and B's first messages are on a ticket that was not merged away.
      const holders: Record<string, number> = {};
      for (const id of [a, b, c]) {
        const link = await cast.agent.client.get(`/api/v1/tickets/${id}/links`);
        for (const m of (await cast.agent.client.get(`/api/v1/tickets/${id}/messages`)).body.items as Array<{ body: string }>) {
          if (link.body.mergedInto === null) holders[m.body] = id;
        }
      }
      expect(Object.keys(holders)).toEqual(expect.arrayContaining([`Text von Kette A${round}`, `Text von Kette B${round}`, `Text von Kette C${round}`]));
    }
    await expectNoCycle();
    await expectNothingStranded();
  });

  it('refuses to merge into a ticket that was itself merged, and a merged ticket twice', async () => {
    const a = await open('Zuerst');
    const b = await open('Danach');
    const c = await open('Dritter');
    expect((await merge(a, b)).status).toBe(200);
    const intoMerged = await merge(c, a);
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.body.error.message).toContain(`#${a}`);
    expect((await merge(a, c)).status).toBe(409);
  });

  it('a merged ticket never reopens: not by PATCH, reply, bulk change or mail', async () => {
    const source = await open('Duplikat');
    const target = await open('Original');
    expect((await merge(source, target)).status).toBe(200);
    const shell = (await cast.agent.client.get(`/api/v1/tickets/${source}`)).body;
    expect(shell.status).toBe('closed');

    for (const who of [cast.customer, cast.agent, t.admin]) {
      const patched = await who.client.patch(`/api/v1/tickets/${source}`, { version: shell.version, status: 'open' });
      expect(patched.status, `PATCH by ${who.role}`).toBe(409);
      const replied = await who.client.post(`/api/v1/tickets/${source}/messages`, { body: 'Noch eine Frage' });
      expect(replied.status, `reply by ${who.role}`).toBe(409);
      expect(replied.body.error.mergedInto).toBe(target);
    }
    const note = await cast.agent.client.post(`/api/v1/tickets/${source}/messages`, { body: 'Notiz', internal: true });
    expect(note.status).toBe(409);

    const bulk = await cast.agent.client.post('/api/v1/tickets/bulk', { ids: [source], changes: { status: 'open' } });
    expect(bulk.status).toBe(200);
    expect(bulk.body.items ?? bulk.body.results ?? bulk.body).toEqual(expect.arrayContaining([expect.objectContaining({ id: source, ok: false })]));

    // A mail answering the merged ticket goes to the ticket that carries on.
    const raw = rawMail({ From: `Karl Kunde <${cast.customer.email}>`, Subject: `Re: Duplikat [#${source}]` }, 'Antwort per Mail');
    const stored = await storeInboundMail(t.db.handle.db, t.dialect, Buffer.from(raw), { source: 'api' });
    expect(stored.stored).toBe(true);
    if (!stored.stored) return;
    // Who may write is not the point here (sender-trust.test.ts is): trust the From as an MTA in front would.
    const options = intakeOptions({ ...t.config, mailFrom: 'Anlauf <help@example.com>', smtpRecipients: ['help@example.com'], mailTrust: 'none' });
    const outcome = await processInboundMail(t.db.handle.db, stored.id, options);
    expect(outcome).toBe('reply');
    const inbound = await t.db.handle.db.selectFrom('inbound_mails').select('ticket_id').where('id', '=', stored.id).executeTakeFirstOrThrow();
    expect(inbound.ticket_id).toBe(target);

    const after = (await cast.agent.client.get(`/api/v1/tickets/${source}`)).body;
    expect(after.status).toBe('closed');
    expect((await cast.agent.client.get(`/api/v1/tickets/${source}/messages`)).body.items).toEqual([]);
    await expectNothingStranded();
  });
});
