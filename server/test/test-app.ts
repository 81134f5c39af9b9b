import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../ops/app.ts';
import { eventSubscribers } from '../ops/event-subscribers.ts';
import { EventDispatcher } from '../platform/events/dispatcher.ts';
import { createApiToken } from '../modules/auth/auth.queries.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { nowIso, type Dialect } from '../platform/db/database.ts';
import type { App, Deps } from '../platform/http/context.ts';
import { bootstrap } from '../ops/setup/bootstrap.ts';
import { createUser } from '../modules/users/create-user.ts';
import type { Role } from '../../shared/enums.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface Response {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** Calls the app in-process as one user: by API token, by session cookie, or anonymously. */
export class Client {
  constructor(
    private readonly app: App,
    private readonly auth: { token?: string; cookie?: string; csrf?: string } = {},
  ) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const all: Record<string, string> = { ...headers };
    if (this.auth.token) all.authorization = `Bearer ${this.auth.token}`;
    if (this.auth.cookie) all.cookie = this.auth.cookie;
    if (this.auth.csrf && method !== 'GET') all['x-csrf-token'] = this.auth.csrf;
    const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (payload !== undefined && !all['content-type']) all['content-type'] = 'application/json';
    const raw = await this.app.inject({ method, url, headers: all, ...(payload !== undefined ? { payload } : {}) });
    let parsed: unknown = raw.body;
    if ((raw.headers['content-type'] ?? '').toString().includes('json') && raw.body) parsed = JSON.parse(raw.body);
    return { status: raw.statusCode, body: parsed, headers: raw.headers, raw };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

export interface TestUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  client: Client;
}

export interface TestApp {
  dialect: Dialect;
  app: App;
  deps: Deps;
  config: Config;
  db: TestDatabase;
  /** Delivers domain events to the production subscribers (live updates, notifications). */
  dispatcher: EventDispatcher;
  admin: TestUser;
  anonymous: Client;
  /** Creates a user with an API token and returns a client that calls as them. */
  user(options: { role: Role; name?: string; email?: string; groupIds?: number[]; organisationId?: number | null; password?: string }): Promise<TestUser>;
  /** Signs in with e-mail and password, returning a cookie client (with CSRF token). */
  login(email: string, password: string): Promise<Client>;
  group(name: string, level?: '1' | '2' | '3' | 'specialist'): Promise<number>;
  organisation(name: string, options?: { sharesTickets?: boolean; domain?: string; domainTrusted?: boolean; kind?: 'internal' | 'customer' }): Promise<number>;
  category(name: string): Promise<number>;
  /** The usual people: a Service Desk agent, a network specialist team with one agent, two customers. */
  cast(): Promise<Cast>;
  close(): Promise<void>;
}

export interface Cast {
  network: number;
  agent: TestUser;
  specialist: TestUser;
  customer: TestUser;
  other: TestUser;
}

export interface TestAppOptions {
  /**
   * 'background' (default): domain events are dispatched as in production, continuously.
   * 'manual': nothing is dispatched until the test calls `dispatcher.drain()`.
   */
  events?: 'background' | 'manual';
  /** Build the app as `anlauf serve` does, holding writes back while events (and a worker's jobs, `jobLagMs`) are behind. */
  backpressure?: boolean | { jobLagMs: () => number };
}

/**
 * A real app on a fresh database of the given dialect, with default groups and an admin, and
 * the domain-event dispatcher with the production subscribers.
 */
export async function createTestApp(dialect: Dialect, overrides: Partial<Config> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  const config: Config = { ...loadConfig({}, { readDotenv: false }), dataDir: db.dataDir, databaseUrl: db.databaseUrl, ...overrides };
  await bootstrap(db.handle.db, { adminEmail: 'admin@anlauf.test', adminPassword: 'admin-password-1' });
  const { app, deps } = await buildApp({ config, database: db.handle, ...(options.backpressure ? { backpressure: options.backpressure } : {}) });
  await app.ready();
  const dispatcher = new EventDispatcher({ db: db.handle.db, dialect, subscribers: eventSubscribers({ config, events: deps.events }), idleMs: 200, backoffBaseMs: 50 });
  if (options.events !== 'manual') await dispatcher.start();
  const kdb = db.handle.db;

  const withToken = async (userId: number) => new Client(app, { token: (await createApiToken(kdb, userId, 'test')).token });
  const adminRow = await kdb.selectFrom('users').selectAll().where('role', '=', 'admin').executeTakeFirstOrThrow();
  const admin: TestUser = { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: 'admin', client: await withToken(adminRow.id) };

  const testApp: TestApp = {
    dialect,
    app,
    deps,
    config,
    db,
    dispatcher,
    admin,
    anonymous: new Client(app),
    async user(options) {
      const suffix = crypto.randomBytes(4).toString('hex');
      const email = options.email ?? `${options.role}-${suffix}@example.test`;
      const { user } = await createUser(kdb, {
        email,
        name: options.name ?? `${options.role} ${suffix}`,
        role: options.role,
        password: options.password,
        groupIds: options.groupIds,
        organisationId: options.organisationId ?? null,
        emailVerified: true,
      });
      return { id: user.id, email: user.email, name: user.name, role: options.role, client: await withToken(user.id) };
    },
    async login(email, password) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'anlauf_session');
      return new Client(app, { cookie: `anlauf_session=${cookie?.value}`, csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken });
    },
    async group(name, level = '2') {
      const row = await kdb.insertInto('groups').values({ name, level, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async organisation(name, options = {}) {
      const row = await kdb
        .insertInto('organisations')
        .values({
          name,
          kind: options.kind ?? 'customer',
          domain: options.domain ?? null,
          shares_tickets: options.sharesTickets ? 1 : 0,
          domain_trusted: options.domainTrusted ? 1 : 0,
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async category(name) {
      const row = await kdb.insertInto('categories').values({ name, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async cast() {
      const network = await testApp.group('Netzwerk', 'specialist');
      return {
        network,
        agent: await testApp.user({ role: 'agent', name: 'Anna Agent' }),
        specialist: await testApp.user({ role: 'agent', name: 'Nils Netzwerk', groupIds: [network] }),
        customer: await testApp.user({ role: 'customer', name: 'Karl Kunde' }),
        other: await testApp.user({ role: 'customer', name: 'Olga Other' }),
      };
    },
    async close() {
      await dispatcher.stop();
      await app.close();
      await db.drop();
    },
  };
  return testApp;
}
