import pg from 'pg';

const RECONNECT_MS = 2000;

export interface ListenOptions {
  databaseUrl: string;
  /** Channel name → what to do with a notification's payload. */
  channels: Record<string, (payload: string) => void>;
  /** Called after every (re)connect, so listeners can catch up on what they may have missed. */
  onConnect?: () => void;
  log?: { warn(obj: unknown, msg?: string): void };
}

/**
 * One dedicated PostgreSQL connection that LISTENs on the given channels and reconnects when it
 * is lost. Returns how to stop it.
 */
export async function listen(options: ListenOptions): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    next.on('notification', (message) => options.channels[message.channel]?.(message.payload ?? ''));
    next.on('error', (error) => {
      options.log?.warn({ err: error }, 'a LISTEN connection was lost; reconnecting');
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    await next.connect();
    for (const channel of Object.keys(options.channels)) await next.query(`LISTEN ${channel}`);
    client = next;
    options.onConnect?.();
  };
  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: unknown) => {
        options.log?.warn({ err: error }, 'a LISTEN connection could not reconnect');
        scheduleReconnect();
      });
    }, RECONNECT_MS);
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
    client = undefined;
  };
}
