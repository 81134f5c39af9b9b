/** Pipe delivery's short way (mail-handoff.ts): a real Unix socket, a real database. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/test-database.ts';
import { handOff, handoffSocketPath } from './mail-handoff.ts';
import { startHandoffSocket } from './mail-handoff-socket.ts';
import { batchedStore } from './store-batch.ts';
import { INTAKE_MAIL_JOB } from './store-raw-mail.ts';
import { rawMail } from './test/intake-harness.ts';

const log = pino({ level: 'silent' });

/** A socket file as a server process leaves it behind when it is killed. */
async function socketOfKilledProcess(socketPath: string): Promise<string> {
  const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  await new Promise((resolve) => {
    holder.once('exit', resolve);
    holder.kill('SIGKILL');
  });
  return socketPath;
}

describe.each(DIALECTS)('the mail handoff socket on %s', (dialect) => {
  let t: TestDatabase;
  let socketPath: string;
  let handed = 0;
  let server: { close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    socketPath = handoffSocketPath(t.dataDir)!;
    const store = batchedStore(t.handle.db, dialect);
    server = await startHandoffSocket({
      path: socketPath,
      store: (raw, envelope) => {
        handed++;
        return store(raw, envelope);
      },
      maxBytes: 4096,
      log,
    });
  });
  afterAll(async () => {
    await server?.close();
    await t.drop();
  });

  it('stores a handed mail with its intake job before it answers, and knows a mail it has', async () => {
    const raw = Buffer.from(rawMail({ 'Message-ID': '<handoff-1@kunde.example>' }, 'Über den Socket übergeben.'));
    const first = await handOff(socketPath, raw);
    expect(first).toMatchObject({ handed: true, result: { stored: true } });
    const id = first.handed && first.result.stored ? first.result.id : -1;
    const row = await t.handle.db.selectFrom('inbound_mails').select(['raw', 'source', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.raw).equals(raw)).toBe(true);
    expect(row).toMatchObject({ source: 'api', status: 'received' });
    const jobs = await t.handle.db.selectFrom('jobs').select('payload').where('kind', '=', INTAKE_MAIL_JOB).execute();
    expect(jobs.map((j) => JSON.parse(j.payload))).toContainEqual({ inboundId: id });

    expect(await handOff(socketPath, raw)).toEqual({ handed: true, result: { stored: false, duplicateOf: id } });
    expect(handed).toBe(2);
    expect((fs.statSync(socketPath).mode & 0o777).toString(8)).toBe('660');
  });

  it('takes many mails at once, each stored once', async () => {
    const raws = Array.from({ length: 12 }, (_, i) => Buffer.from(rawMail({ 'Message-ID': `<handoff-many-${i}@kunde.example>` }, `Mail Nummer ${i}.`)));
    const outcomes = await Promise.all(raws.map((raw) => handOff(socketPath, raw)));
    expect(outcomes.every((o) => o.handed && o.result.stored)).toBe(true);
    const rows = await t.handle.db.selectFrom('inbound_mails').select('id').where('message_id', 'like', '<handoff-many-%').execute();
    expect(rows).toHaveLength(12);
  });

  it('refuses what is too large, cut short or not ours, stores none of it, and keeps serving', async () => {
    const before = await countMails(t);
    const large = await handOff(socketPath, Buffer.from(rawMail({}, 'x'.repeat(5000))));
    expect(large).toEqual({ handed: false, reason: expect.stringMatching(/more than the 4096/) });
    expect(await exchange(socketPath, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^error this socket takes a mail for Anlauf/);
    expect(await exchange(socketPath, 'ANLAUF-MAIL/1 500\nFrom: a@b.example\r\n\r\nzu kurz')).toBe('error the mail ended early\n');
    expect(await exchange(socketPath, 'ANLAUF-MAIL/1 3\nFrom: mehr als angesagt')).toBe('error more bytes than announced\n');
    expect(await countMails(t)).toBe(before);
    const after = await handOff(socketPath, Buffer.from(rawMail({ 'Message-ID': '<handoff-after@kunde.example>' }, 'Noch da.')));
    expect(after).toMatchObject({ handed: true, result: { stored: true } });
  });

  it('tells a burst beyond 32 mails at once that it is busy, so that those commands store their mails themselves', async () => {
    const holding = await Promise.all(
      Array.from(
        { length: 32 },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const socket = net.createConnection(socketPath, () => socket.write('ANLAUF-MAIL/1 100\nFrom: langsam', () => resolve(socket)));
            socket.on('error', reject);
          }),
      ),
    );
    try {
      const raw = Buffer.from(rawMail({ 'Message-ID': '<handoff-burst@kunde.example>' }, 'Einer zu viel.'));
      expect(await handOff(socketPath, raw)).toEqual({ handed: false, reason: 'the server refused it: busy' });
      holding.pop()!.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await handOff(socketPath, raw)).toMatchObject({ handed: true, result: { stored: true } });
    } finally {
      holding.forEach((socket) => socket.destroy());
    }
  });

  it('leaves a socket another process serves, and replaces one whose process was killed', async () => {
    expect(await startHandoffSocket({ path: socketPath, store: () => Promise.reject(new Error('not this one')), maxBytes: 4096, log })).toBeUndefined();
    const owned = await handOff(socketPath, Buffer.from(rawMail({ 'Message-ID': '<handoff-owner@kunde.example>' }, 'Der erste bleibt.')));
    expect(owned).toMatchObject({ handed: true, result: { stored: true } });

    // A process that held the socket and was killed leaves its file behind.
    const stale = await socketOfKilledProcess(path.join(t.dataDir, 'stale.sock'));
    expect(fs.statSync(stale).isSocket()).toBe(true);
    expect(await handOff(stale, Buffer.from('From: a@b.example\r\n\r\nx'))).toEqual({ handed: false, reason: 'absent' });
    const replacement = await startHandoffSocket({ path: stale, store: batchedStore(t.handle.db, dialect), maxBytes: 4096, log });
    try {
      expect(replacement).toBeDefined();
      const taken = await handOff(stale, Buffer.from(rawMail({ 'Message-ID': '<handoff-replaced@kunde.example>' }, 'Ersetzt.')));
      expect(taken).toMatchObject({ handed: true, result: { stored: true } });
    } finally {
      await replacement?.close();
    }
    expect(fs.existsSync(stale)).toBe(false);
  });

  it('keeps serving when two servers replaced a dead one’s socket at once and the other closes', async () => {
    const raced = await socketOfKilledProcess(path.join(t.dataDir, 'raced.sock'));
    const stores = batchedStore(t.handle.db, dialect);
    const took = { first: 0, second: 0 };
    const started = await Promise.all(
      (['first', 'second'] as const).map((name) =>
        startHandoffSocket({
          path: raced,
          store: (raw, envelope) => {
            took[name]++;
            return stores(raw, envelope);
          },
          maxBytes: 4096,
          log,
        }).then((server) => ({ name, server })),
      ),
    );
    try {
      const one = await handOff(raced, Buffer.from(rawMail({ 'Message-ID': '<handoff-race-1@kunde.example>' }, 'Wer nimmt?')));
      expect(one).toMatchObject({ handed: true, result: { stored: true } });
      const serving = took.first === 1 ? 'first' : 'second';
      expect(took.first + took.second).toBe(1);
      // The other one (not reachable any more, or never started) closes: the serving one's socket stays.
      await started.find((s) => s.name !== serving)?.server?.close();
      const two = await handOff(raced, Buffer.from(rawMail({ 'Message-ID': '<handoff-race-2@kunde.example>' }, 'Immer noch da?')));
      expect(two).toMatchObject({ handed: true, result: { stored: true } });
      expect(took[serving]).toBe(2);
    } finally {
      for (const { server } of started) await server?.close();
    }
    expect(fs.existsSync(raced)).toBe(false);
    expect(fs.readdirSync(t.dataDir).filter((name) => name.startsWith('.mh-'))).toEqual([]);
  });
});

describe('a server that starts serving the handoff socket', () => {
  it('removes the bindings of servers killed between binding and renaming, and no other', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-mh-'));
    const exited = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => exited.once('exit', resolve));
    const dead = exited.pid!;
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const left = (name: string, old: boolean) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, '');
      if (old) fs.utimesSync(file, anHourAgo, anHourAgo);
    };
    left(`.mh-${dead}-1`, true); // a killed server's, left an hour ago: removed
    left(`.mh-${dead}-2`, false); // just bound: the rename is still to come
    left(`.mh-${process.pid}-99`, true); // of a process that runs
    left('.mh-notes', true); // not a binding's name
    const server = await startHandoffSocket({ path: path.join(dir, 'mail.sock'), store: () => Promise.reject(new Error('unused')), maxBytes: 4096, log });
    try {
      expect(server).toBeDefined();
      expect(fs.readdirSync(dir).sort()).toEqual([`.mh-${dead}-2`, `.mh-${process.pid}-99`, '.mh-notes', 'mail.sock'].sort());
    } finally {
      await server?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('handing a mail over without a server that answers', () => {
  it('says absent where nothing serves the socket, and why where the server failed to answer', async () => {
    const dir = fs.mkdtempSync(path.join('/tmp', 'anlauf-handoff-'));
    try {
      expect(await handOff(path.join(dir, 'none.sock'), Buffer.from('x'))).toEqual({ handed: false, reason: 'absent' });
      expect(await handOff(undefined, Buffer.from('x'))).toEqual({ handed: false, reason: 'absent' });
      expect(handoffSocketPath(`/${'lang'.repeat(30)}`)).toBeUndefined();
      // A server that takes the mail and goes away without a word (killed mid-store).
      const silent = path.join(dir, 'silent.sock');
      const server = net.createServer({ allowHalfOpen: true }, (socket) => socket.on('end', () => socket.destroy()).resume());
      await new Promise<void>((resolve) => server.listen(silent, resolve));
      // And one that takes it and never answers (hung).
      const hung = path.join(dir, 'hung.sock');
      const held: net.Socket[] = [];
      const hanging = net.createServer({ allowHalfOpen: true }, (socket) => held.push(socket.resume()));
      await new Promise<void>((resolve) => hanging.listen(hung, resolve));
      try {
        expect(await handOff(silent, Buffer.from('From: a@b.example\r\n\r\nx'))).toEqual({ handed: false, reason: 'the server closed the connection without an answer' });
        expect(await handOff(hung, Buffer.from('From: a@b.example\r\n\r\nx'), 200)).toEqual({ handed: false, reason: 'no answer within 0.2 s' });
      } finally {
        await new Promise((resolve) => server.close(resolve));
        held.forEach((socket) => socket.destroy());
        await new Promise((resolve) => hanging.close(resolve));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Writes bytes to the socket as a client that is not `anlauf mail import` would, and returns the answer. */
function exchange(socketPath: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.createConnection(socketPath, () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

async function countMails(t: TestDatabase): Promise<number> {
  const row = await t.handle.db
    .selectFrom('inbound_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
