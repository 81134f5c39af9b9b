import type { Executor } from '../../../platform/db/database.ts';
import { nowIso } from '../../../platform/db/database.ts';
import type { Actor } from '../../auth/auth.queries.ts';
import { rankArticles } from '../suggest-articles.ts';
import { createArticle } from '../write-article.ts';
import { EVAL_ARTICLES } from './eval-articles.data.ts';
import { type EvalRequest, evalRequests } from './eval-requests.data.ts';

/**
 * The knowledge-suggestion evaluation: loads the evaluation articles into an empty database,
 * asks for suggestions for every labelled request (as an anonymous help-center visitor) and
 * measures recall@1, recall@3 and MRR per request language and for requests whose topic has
 * no article in their language (cross-language), plus the share of unanswerable requests that
 * get no suggestion. Reported for the tuning half and the held-out half separately.
 */
export interface Metrics {
  requests: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
}

export interface EvaluationReport {
  articles: number;
  groups: Record<string, Metrics>;
  unanswerable: { requests: number; noSuggestion: number; share: number };
  /** Per half: the same figures for tuning ("dev") and held-out ("test") requests. */
  halves: Record<'dev' | 'test', { groups: Record<string, Metrics>; unanswerableShare: number }>;
  misses: Array<{ text: string; topic: string | null; got: string[]; heldOut: boolean }>;
}

export async function loadEvaluationArticles(db: Executor): Promise<Map<number, string>> {
  const user = await db
    .insertInto('users')
    .values({ email: `kb-eval-${Date.now()}@example.test`, name: 'KB Evaluation', role: 'admin', created_at: nowIso(), updated_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    id: user.id,
    email: 'kb-eval@example.test',
    name: 'KB Evaluation',
    role: 'admin',
    locale: 'de',
    timeZone: 'UTC',
    organisationId: null,
    groupIds: [],
    emailVerified: true,
    mustChangePassword: false,
    csrfToken: null,
    via: 'token',
  };
  const topicOf = new Map<number, string>();
  const firstOfTopic = new Map<string, number>();
  for (const article of EVAL_ARTICLES) {
    const original = firstOfTopic.get(article.topic);
    const row = await createArticle(db, actor, {
      title: article.title,
      body: article.body,
      locale: article.locale,
      visibility: 'public',
      status: 'published',
      tags: article.tags ?? [],
      translationOf: original ?? null,
    });
    if (!original) firstOfTopic.set(article.topic, row.id);
    topicOf.set(row.id, article.topic);
  }
  return topicOf;
}

export async function runEvaluation(db: Executor, topicOf: Map<number, string>): Promise<EvaluationReport> {
  const requests = evalRequests();
  const localesOf = new Map<string, Set<string>>();
  for (const a of EVAL_ARTICLES) localesOf.set(a.topic, (localesOf.get(a.topic) ?? new Set()).add(a.locale));
  const results: Array<{ request: EvalRequest; rank: number; got: string[] }> = [];
  for (const request of requests) {
    const { rows } = await rankArticles(db, null, request.text, { limit: 3, suggest: true });
    const got = rows.map((r) => topicOf.get(r.id) ?? '?');
    const rank = request.topic ? got.indexOf(request.topic) + 1 : 0;
    results.push({ request, rank, got });
  }
  const groupOf = (r: EvalRequest) => [r.language, ...(r.topic && !localesOf.get(r.topic)!.has(r.language) ? ['cross-language'] : [])];
  const summarise = (subset: typeof results) => {
    const groups: Record<string, Metrics> = {};
    for (const name of ['de', 'en', 'cross-language', 'all']) {
      const members = subset.filter((r) => r.request.topic && (name === 'all' || groupOf(r.request).includes(name)));
      const n = members.length || 1;
      groups[name] = {
        requests: members.length,
        recallAt1: members.filter((r) => r.rank === 1).length / n,
        recallAt3: members.filter((r) => r.rank >= 1 && r.rank <= 3).length / n,
        mrr: members.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / n,
      };
    }
    const unanswerable = subset.filter((r) => !r.request.topic);
    return { groups, unanswerable, unanswerableShare: unanswerable.filter((r) => r.got.length === 0).length / (unanswerable.length || 1) };
  };
  const all = summarise(results);
  const dev = summarise(results.filter((r) => !r.request.heldOut));
  const test = summarise(results.filter((r) => r.request.heldOut));
  return {
    articles: topicOf.size,
    groups: all.groups,
    unanswerable: { requests: all.unanswerable.length, noSuggestion: all.unanswerable.filter((r) => r.got.length === 0).length, share: all.unanswerableShare },
    halves: { dev: { groups: dev.groups, unanswerableShare: dev.unanswerableShare }, test: { groups: test.groups, unanswerableShare: test.unanswerableShare } },
    misses: results
      .filter((r) => (r.request.topic ? r.rank === 0 || r.rank > 3 : r.got.length > 0))
      .map((r) => ({ text: r.request.text, topic: r.request.topic, got: r.got, heldOut: r.request.heldOut })),
  };
}

export function formatReport(report: EvaluationReport): string[] {
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
  const lines = [`knowledge suggestions: ${report.articles} articles, ${report.unanswerable.requests} unanswerable requests`];
  for (const half of ['dev', 'test'] as const) {
    const h = report.halves[half];
    for (const [name, m] of Object.entries(h.groups)) {
      lines.push(
        `  ${half === 'dev' ? 'tuning  ' : 'held-out'} ${name.padEnd(15)} n=${String(m.requests).padStart(3)}  recall@1 ${pct(m.recallAt1)}  recall@3 ${pct(m.recallAt3)}  MRR ${m.mrr.toFixed(3)}`,
      );
    }
    lines.push(`  ${half === 'dev' ? 'tuning  ' : 'held-out'} unanswerable with no suggestion: ${pct(h.unanswerableShare)}`);
  }
  return lines;
}
