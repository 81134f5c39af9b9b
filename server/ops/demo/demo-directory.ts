import { hashPassword } from '../../modules/auth/passwords.ts';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import type { Locale } from '../../../shared/enums.ts';
import {
  COMPANY_DOMAIN,
  DEMO_AGENTS,
  DEMO_CATEGORIES,
  DEMO_CUSTOMER,
  DEMO_GROUPS,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORDS,
  type DemoCategory,
  ENGLISH_FIRST,
  ENGLISH_LAST,
  GERMAN_FIRST,
  GERMAN_LAST,
  mailLocalPart,
  type TeamKey,
} from './demo-catalogue.ts';
import { DemoRandom } from './demo-random.ts';

/** The people, teams and catalogue that demo tickets refer to, with their database ids. */
export interface DemoDirectory {
  teams: Record<TeamKey, { id: number; name: string }>;
  agents: Array<{ id: number; name: string; email: string; groupIds: number[] }>;
  /** Members (agents) of each group id. */
  membersOf: Map<number, Array<{ id: number; name: string }>>;
  employees: DemoPerson[];
  customers: DemoPerson[];
  /** The customer whose sign-in the demo prints; gets a share of the customer tickets. */
  featuredCustomer: DemoPerson;
  categories: Array<DemoCategory & { id: number }>;
  /** New rows this call created, for the summary. */
  created: { organisations: number; groups: number; users: number; categories: number };
}

export interface DemoPerson {
  id: number;
  name: string;
  email: string;
  locale: Locale;
  organisationId: number | null;
}

interface PersonSpec {
  name: string;
  email: string;
  locale: Locale;
  organisation: string;
  role: 'customer' | 'agent';
  password?: string;
}

const TEAM_KEYS: TeamKey[] = ['Service Desk', '2nd Level Support', '3rd Level Support', 'Netzwerk', 'SAP', 'Arbeitsplatz/Clients', 'Webshop'];
const DEFAULT_TEAM_LEVELS: Partial<Record<TeamKey, string>> = { 'Service Desk': '1', '2nd Level Support': '2', '3rd Level Support': '3' };

/** Employees and customers with German and English names, the same list on every run. */
export function requesterSpecs(count: number): PersonSpec[] {
  const rng = new DemoRandom(20261127);
  const internal = DEMO_ORGANISATIONS.filter((o) => o.kind === 'internal');
  const customerOrgs = DEMO_ORGANISATIONS.filter((o) => o.kind === 'customer');
  const taken = new Set<string>(DEMO_AGENTS.map((a) => a.email));
  const specs: PersonSpec[] = [];
  for (let i = 0; specs.length < count; i++) {
    const isEmployee = i % 5 < 3;
    const org = isEmployee ? rng.pick(internal) : rng.pick(customerOrgs);
    const english = org.locale === 'en' || (isEmployee && rng.chance(0.15));
    const name = english ? `${rng.pick(ENGLISH_FIRST)} ${rng.pick(ENGLISH_LAST)}` : `${rng.pick(GERMAN_FIRST)} ${rng.pick(GERMAN_LAST)}`;
    const domain = isEmployee ? COMPANY_DOMAIN : org.domain!;
    let email = `${mailLocalPart(name)}@${domain}`;
    if (taken.has(email)) email = `${mailLocalPart(name)}${i}@${domain}`;
    taken.add(email);
    specs.push({ name, email, locale: english ? 'en' : 'de', organisation: org.name, role: 'customer' });
  }
  return specs;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function countRows(db: Executor, table: 'organisations' | 'groups' | 'users' | 'categories'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Creates what is missing of the demo organisations, groups, agents, requesters and
 * categories (matched by name or e-mail address) and returns all of them with their ids.
 */
export async function ensureDemoDirectory(db: Executor, options: { requesters?: number } = {}): Promise<DemoDirectory> {
  const before = {
    organisations: await countRows(db, 'organisations'),
    groups: await countRows(db, 'groups'),
    users: await countRows(db, 'users'),
    categories: await countRows(db, 'categories'),
  };
  const now = nowIso();

  await db
    .insertInto('organisations')
    .values(DEMO_ORGANISATIONS.map((o) => ({ name: o.name, kind: o.kind, domain: o.domain, shares_tickets: o.sharesTickets ? 1 : 0, created_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const orgRows = await db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      DEMO_ORGANISATIONS.map((o) => o.name),
    )
    .execute();
  const orgId = new Map(orgRows.map((o) => [o.name, o.id]));

  const groupSpecs = [...TEAM_KEYS.filter((k) => DEFAULT_TEAM_LEVELS[k]).map((k) => ({ name: k, level: DEFAULT_TEAM_LEVELS[k]!, description: '' })), ...DEMO_GROUPS];
  await db
    .insertInto('groups')
    .values(groupSpecs.map((g) => ({ name: g.name, level: g.level, description: g.description, created_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const groupRows = await db.selectFrom('groups').select(['id', 'name']).where('name', 'in', TEAM_KEYS).execute();
  const teams = Object.fromEntries(groupRows.map((g) => [g.name, g])) as DemoDirectory['teams'];

  const existingCategories = await db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      DEMO_CATEGORIES.map((c) => c.name),
    )
    .execute();
  const missing = DEMO_CATEGORIES.filter((c) => !existingCategories.some((e) => e.name === c.name));
  if (missing.length > 0)
    await db
      .insertInto('categories')
      .values(missing.map((c) => ({ name: c.name, created_at: now })))
      .execute();
  const categoryRows = await db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      DEMO_CATEGORIES.map((c) => c.name),
    )
    .orderBy('id')
    .execute();
  const categories = DEMO_CATEGORIES.map((c) => ({ ...c, id: categoryRows.find((r) => r.name === c.name)!.id }));

  // One hash per demo password: hashing is deliberately slow, and these accounts are for trying out.
  const agentHash = await hashPassword(DEMO_PASSWORDS.agent);
  const customerHash = await hashPassword(DEMO_PASSWORDS.customer);
  const people: PersonSpec[] = [
    ...DEMO_AGENTS.map((a) => ({ name: a.name, email: a.email, locale: a.locale, organisation: 'IT', role: 'agent' as const, password: agentHash })),
    { ...DEMO_CUSTOMER, role: 'customer', password: customerHash },
    ...requesterSpecs(options.requesters ?? 200),
  ];
  for (const part of chunks(people, 500)) {
    await db
      .insertInto('users')
      .values(
        part.map((p) => ({
          email: p.email,
          name: p.name,
          role: p.role,
          password_hash: p.password ?? null,
          locale: p.locale,
          time_zone: p.locale === 'en' && p.organisation !== 'IT' ? 'Europe/London' : 'Europe/Berlin',
          organisation_id: orgId.get(p.organisation) ?? null,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
  }
  const userRows: Array<{ id: number; email: string; name: string; locale: string | null; organisation_id: number | null; role: string }> = [];
  for (const part of chunks(people, 500)) {
    userRows.push(
      ...(await db
        .selectFrom('users')
        .select(['id', 'email', 'name', 'locale', 'organisation_id', 'role'])
        .where(
          'email',
          'in',
          part.map((p) => p.email),
        )
        .execute()),
    );
  }
  const byEmail = new Map(userRows.map((u) => [u.email, u]));

  const memberships = DEMO_AGENTS.flatMap((a) => a.groups.map((g) => ({ group_id: teams[g].id, user_id: byEmail.get(a.email)!.id })));
  await db
    .insertInto('group_members')
    .values(memberships)
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();

  const agentIds = DEMO_AGENTS.map((a) => byEmail.get(a.email)!.id);
  const memberRows = await db.selectFrom('group_members').select(['group_id', 'user_id']).where('user_id', 'in', agentIds).execute();
  const agents = DEMO_AGENTS.map((a) => {
    const id = byEmail.get(a.email)!.id;
    return { id, name: a.name, email: a.email, groupIds: memberRows.filter((m) => m.user_id === id).map((m) => m.group_id) };
  });
  const membersOf = new Map<number, Array<{ id: number; name: string }>>();
  for (const agent of agents) for (const g of agent.groupIds) membersOf.set(g, [...(membersOf.get(g) ?? []), { id: agent.id, name: agent.name }]);

  const person = (email: string): DemoPerson => {
    const u = byEmail.get(email)!;
    return { id: u.id, name: u.name, email: u.email, locale: u.locale === 'en' ? 'en' : 'de', organisationId: u.organisation_id };
  };
  const internalOrgIds = new Set(DEMO_ORGANISATIONS.filter((o) => o.kind === 'internal').map((o) => orgId.get(o.name)));
  // Someone who signed up before with a demo address keeps their role; only customers request here.
  const requesters = people.filter((p) => p.role === 'customer' && byEmail.get(p.email)?.role === 'customer').map((p) => person(p.email));

  return {
    teams,
    agents,
    membersOf,
    employees: requesters.filter((p) => internalOrgIds.has(p.organisationId ?? -1)),
    customers: requesters.filter((p) => !internalOrgIds.has(p.organisationId ?? -1)),
    featuredCustomer: person(DEMO_CUSTOMER.email),
    categories,
    created: {
      organisations: (await countRows(db, 'organisations')) - before.organisations,
      groups: (await countRows(db, 'groups')) - before.groups,
      users: (await countRows(db, 'users')) - before.users,
      categories: (await countRows(db, 'categories')) - before.categories,
    },
  };
}
