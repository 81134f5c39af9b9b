import { ImapFlow } from 'imapflow';
import type { Db, Dialect } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { decryptSecret } from './secret-box.ts';
import { POLLER_ID, releaseMailboxLease, takeMailboxLease } from './mailbox-lease.ts';
import { storeInboundMail } from './store-inbound-mail.ts';

export interface MailboxConfig {
  id: number;
  host: string;
  port: number;
  secure: number;
  username: string;
  password_encrypted: string;
  folder: string;
  move_to: string | null;
}

type Log = { warn: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };

export function imapClient(box: MailboxConfig, key: Buffer): ImapFlow {
  return new ImapFlow({
    host: box.host,
    port: box.port,
    secure: box.secure === 1,
    auth: { user: box.username, pass: decryptSecret(key, box.password_encrypted) },
    logger: false,
    // Loopback test servers and internal servers without TLS.
    ...(box.secure === 1 ? {} : { doSTARTTLS: false }),
  });
}

/**
 * Fetches the unseen messages of an open mailbox one by one: each is stored durably first and
 * only then flagged \Seen (or moved). A crash in between leaves it unseen; the next poll stores
 * it again and the Message-ID drops the double.
 */
export async function fetchUnseen(client: ImapFlow, db: Db, dialect: Dialect, box: MailboxConfig): Promise<number> {
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  let stored = 0;
  for (const uid of uids) {
    const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!message || !message.source) continue;
    const result = await storeInboundMail(db, dialect, message.source, { source: 'imap', envelopeTo: [box.username] });
    if (result.stored) stored++;
    if (box.move_to) await client.messageMove(String(uid), box.move_to, { uid: true });
    else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  }
  return stored;
}

/**
 * One connection per active mailbox: poll, then IDLE (where the server supports it) until new
 * mail or the interval. Where several mail processes run, a lease per mailbox lets one of them
 * poll it at a time (mailbox-lease.ts); the others try again after `retryMs` and take over once
 * the lease runs out (`leaseMs`, three intervals and at least three minutes).
 */
export class ImapPoller {
  private running = false;
  private readonly loops = new Map<number, { stop: () => void; done: Promise<void> }>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: { db: Db; dialect: Dialect; key: Buffer; log?: Log; intervalMs?: number; retryMs?: number; leaseMs?: number; owner?: string }) {}

  async start(): Promise<void> {
    this.running = true;
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh().catch(() => undefined), 30_000);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.refreshTimer);
    for (const loop of this.loops.values()) loop.stop();
    await Promise.all([...this.loops.values()].map((l) => l.done));
    this.loops.clear();
  }

  /** Starts loops for new mailboxes and stops those removed or deactivated. */
  async refresh(): Promise<void> {
    const boxes = await this.options.db.selectFrom('mailboxes').selectAll().where('active', '=', 1).execute();
    for (const [id, loop] of this.loops)
      if (!boxes.some((b) => b.id === id)) {
        loop.stop();
        this.loops.delete(id);
      }
    for (const box of boxes) if (this.running && !this.loops.has(box.id)) this.loops.set(box.id, this.runMailbox(box));
  }

  private runMailbox(box: MailboxConfig): { stop: () => void; done: Promise<void> } {
    let active = true;
    let wake: () => void = () => undefined;
    let client: ImapFlow | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const mdb = this.options.db;
    const owner = this.options.owner ?? POLLER_ID;
    const interval = this.options.intervalMs ?? 60_000;
    const leaseMs = this.options.leaseMs ?? Math.max(3 * interval, 180_000);
    const holdLease = () => takeMailboxLease(mdb, box.id, owner, leaseMs);
    const done = (async () => {
      while (active) {
        if (!(await holdLease().catch(() => false))) {
          await sleep(this.options.retryMs ?? 30_000);
          continue;
        }
        try {
          client = imapClient(box, this.options.key);
          client.on('error', () => undefined);
          await client.connect();
          await client.mailboxOpen(box.folder);
          client.on('exists', () => wake());
          while (active && client.usable && (await holdLease())) {
            await fetchUnseen(client, this.options.db, this.options.dialect, box);
            await mdb.updateTable('mailboxes').set({ last_polled_at: nowIso(), last_error: null }).where('id', '=', box.id).execute();
            // IDLE now (imapflow would start it only after 15 s without a command, so a mail
            // arriving meanwhile waited); an EXISTS notification wakes us early, and the next
            // command ends the IDLE.
            void client.idle().catch(() => undefined);
            await sleep(interval);
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.options.log?.warn({ mailbox: box.id, err: message }, 'IMAP polling failed');
          await mdb
            .updateTable('mailboxes')
            .set({ last_error: message.slice(0, 1000) })
            .where('id', '=', box.id)
            .execute()
            .catch(() => undefined);
        } finally {
          await client?.logout().catch(() => undefined);
        }
        if (active) await sleep(this.options.retryMs ?? 30_000);
      }
      await releaseMailboxLease(mdb, box.id, owner).catch(() => undefined);
    })();
    return {
      stop: () => {
        active = false;
        wake();
        client?.close();
      },
      done,
    };
  }
}
