import type { DemoDirectory } from '../server/ops/demo/demo-directory.ts';
import { DemoRandom } from '../server/ops/demo/demo-random.ts';
import { ticketOpening } from '../server/ops/demo/demo-text.ts';
import { RARE_WORD } from '../server/ops/demo/demo-text.ts';

/** Bodies for POST /api/v1/tickets: varied German and English subjects and texts. */
export function ticketBodies(directory: DemoDirectory, n: number): Array<{ subject: string; body: string; priority?: string; tags?: string[] }> {
  const rng = new DemoRandom(4242);
  return Array.from({ length: n }, () => {
    const category = rng.pick(directory.categories);
    const opening = ticketOpening(rng, category.key, rng.chance(0.7) ? 'de' : 'en');
    return {
      subject: opening.subject,
      body: opening.body,
      ...(rng.chance(0.3) ? { priority: rng.pick(['low', 'high', 'urgent']) } : {}),
      ...(rng.chance(0.3) ? { tags: [rng.pick(category.tags)] } : {}),
    };
  });
}

export interface QueryScenario {
  name: string;
  as: 'agent' | 'customer';
  /** The path, or a function of the previous response for paging. */
  path: string;
  /** Take the cursor from the first page of `path` and ask for page 2. */
  secondPage?: boolean;
}

/** Issue 10's p95 budgets: 25 ms for pages and searches, 50 ms for similar-ticket suggestions. */
export function p95BudgetMs(scenarioName: string): number {
  return scenarioName.startsWith('similar tickets') ? 50 : 25;
}

/** The agent's queue and keyword search, as the issue asks. */
export function queryScenarios(serviceDeskId: number): QueryScenario[] {
  const queue = '/api/v1/tickets?status=new,open&assignee=none';
  return [
    { name: 'queue (agent, new+open, unassigned)', as: 'agent', path: queue },
    { name: 'queue with group= (agent)', as: 'agent', path: `${queue}&group=${serviceDeskId}` },
    { name: 'queue page 2 via cursor (agent)', as: 'agent', path: queue, secondPage: true },
    { name: 'all my groups, newest first (agent)', as: 'agent', path: '/api/v1/tickets' },
    { name: 'tagged "headset", a tag on 0.8 % (agent)', as: 'agent', path: '/api/v1/tickets?tag=headset' },
    { name: `search rare word "${RARE_WORD}" (agent)`, as: 'agent', path: `/api/v1/tickets?q=${RARE_WORD}` },
    { name: 'search common word "Drucker" (agent)', as: 'agent', path: '/api/v1/tickets?q=Drucker' },
    { name: 'search "printer" by relevance (agent)', as: 'agent', path: '/api/v1/tickets?q=printer&sort=relevance' },
    { name: `search rare word "${RARE_WORD}" (customer)`, as: 'customer', path: `/api/v1/tickets?q=${RARE_WORD}` },
    // The featured customer writes in English about the web shop: "order" is her common word;
    // "Drucker" is common among others' tickets and in none of hers (the scope finds nothing).
    { name: 'search common word "order" (customer)', as: 'customer', path: '/api/v1/tickets?q=order' },
    { name: 'search "Drucker", in none of hers (customer)', as: 'customer', path: '/api/v1/tickets?q=Drucker' },
    { name: 'my tickets (customer)', as: 'customer', path: '/api/v1/tickets' },
    // What the portal's request list asks for (web/features/portal/api/requests.ts).
    { name: 'portal: my open requests, last changed first (customer)', as: 'customer', path: '/api/v1/tickets?sort=-updated&limit=100&status=new,open,pending,resolved' },
    // What people type: short prefixes while typing, and the similar-ticket suggestions the
    // portal and the agent's duplicate check ask for on every pause.
    { name: 'search two-letter prefix "Dr" (agent)', as: 'agent', path: '/api/v1/tickets?q=Dr' },
    { name: 'search ending in one letter "Ordner auf S" (agent)', as: 'agent', path: '/api/v1/tickets?q=Ordner%20auf%20S' },
    { name: 'similar tickets while typing "Drucker druckt n" (customer)', as: 'customer', path: '/api/v1/tickets/similar?q=Drucker%20druckt%20n' },
    { name: 'similar tickets "Outlook startet nicht mehr" (agent)', as: 'agent', path: '/api/v1/tickets/similar?q=Outlook%20startet%20nicht%20mehr' },
    { name: 'similar tickets "printer prints blank pages" (agent)', as: 'agent', path: '/api/v1/tickets/similar?q=printer%20prints%20blank%20pages' },
  ];
}

/**
 * What a supervisor opens in the reports (the web app's report page asks for the summary and the
 * volume of the period it shows): a year is every ticket of the demo data, which spans twelve
 * months. Slow at a million tickets, so measured with fewer repeats and against no page budget.
 */
export function reportScenarios(today: Date): Array<{ name: string; as: 'agent' | 'admin'; path: string }> {
  const day = (daysBack: number) => new Date(today.getTime() - daysBack * 86_400_000).toISOString().slice(0, 10);
  const year = `from=${day(364)}&to=${day(0)}`;
  const month = `from=${day(29)}&to=${day(0)}`;
  return [
    { name: 'reports: summary of a year (admin)', as: 'admin', path: `/api/v1/reports/summary?${year}` },
    { name: 'reports: summary of a year (agent)', as: 'agent', path: `/api/v1/reports/summary?${year}` },
    { name: 'reports: summary of 30 days (agent)', as: 'agent', path: `/api/v1/reports/summary?${month}` },
    { name: 'reports: volume of a year by month (admin)', as: 'admin', path: `/api/v1/reports/volume?${year}&by=month` },
    { name: 'reports: volume of a year by category (admin)', as: 'admin', path: `/api/v1/reports/volume?${year}&by=category` },
    { name: 'reports: recurring problems, 30 days (agent)', as: 'agent', path: '/api/v1/reports/recurring?days=30' },
  ];
}

/**
 * The other screens of a working day, beside the queue and search: the agent's home counts and
 * SLA queues, opening a ticket (the ticket, its conversation, history and links), the people and
 * organisations lists, and an admin's background jobs, audit log and inbound mail. `ticketId`:
 * a ticket of the agent's group with a conversation; `organisationId`: the customer's.
 */
export function screenScenarios(ids: { ticketId: number; organisationId: number }): Array<{ name: string; as: 'agent' | 'admin' | 'customer'; path: string }> {
  const ticket = `/api/v1/tickets/${ids.ticketId}`;
  return [
    { name: 'home: ticket counts (agent)', as: 'agent', path: '/api/v1/tickets/counts' },
    { name: 'SLA at risk (agent)', as: 'agent', path: '/api/v1/tickets?sla=at_risk' },
    { name: 'SLA breached (agent)', as: 'agent', path: '/api/v1/tickets?sla=breached' },
    { name: 'open a ticket (agent)', as: 'agent', path: ticket },
    { name: "a ticket's conversation (agent)", as: 'agent', path: `${ticket}/messages` },
    { name: "a ticket's history (agent)", as: 'agent', path: `${ticket}/history` },
    { name: "a ticket's links (agent)", as: 'agent', path: `${ticket}/links` },
    { name: 'people, searched "mül" (agent)', as: 'agent', path: '/api/v1/users?q=m%C3%BCl' },
    { name: 'organisations (agent)', as: 'agent', path: '/api/v1/organisations' },
    { name: "an organisation's tickets (agent)", as: 'agent', path: `/api/v1/tickets?organisation=${ids.organisationId}` },
    { name: 'problems (agent)', as: 'agent', path: '/api/v1/problems' },
    { name: 'knowledge articles (agent)', as: 'agent', path: '/api/v1/kb/articles' },
    { name: 'background jobs (admin)', as: 'admin', path: '/api/v1/admin/jobs' },
    { name: 'failed jobs (admin)', as: 'admin', path: '/api/v1/admin/jobs?status=failed' },
    { name: 'audit log (admin)', as: 'admin', path: '/api/v1/admin/audit-log' },
    { name: 'inbound mail (admin)', as: 'admin', path: '/api/v1/admin/inbound-mails' },
    { name: 'event subscribers (admin)', as: 'admin', path: '/api/v1/admin/event-subscriptions' },
    { name: 'people (admin)', as: 'admin', path: '/api/v1/users' },
  ];
}
