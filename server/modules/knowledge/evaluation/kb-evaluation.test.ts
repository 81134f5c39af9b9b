import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { DIALECTS } from '../../../test/test-database.ts';
import { type EvaluationReport, loadEvaluationArticles, runEvaluation } from './run-evaluation.ts';

/**
 * Guards the matching quality against regressions. The floors sit below what was measured
 * (bench: recall@3 ≈ 0.85–0.95 per group on both halves, ≈ 0.8 of unanswerable requests left
 * without a suggestion), so they fail on a real regression, not on noise; raise them when the
 * matching gets better, never tune the matching to pass them.
 */
describe.each(DIALECTS)('knowledge suggestion evaluation on %s', (dialect) => {
  let t: TestApp;
  let report: EvaluationReport;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.db.handle.db;
    report = await runEvaluation(db, await loadEvaluationArticles(db));
  }, 60_000);
  afterAll(() => t.close());

  it('finds the answering article in the top 3 for German, English and cross-language requests', () => {
    for (const half of ['dev', 'test'] as const) {
      for (const group of ['de', 'en', 'cross-language']) {
        const m = report.halves[half].groups[group]!;
        expect(m.requests, `${half} ${group}`).toBeGreaterThan(20);
        expect(m.recallAt3, `${half} ${group} recall@3`).toBeGreaterThanOrEqual(0.78);
        expect(m.mrr, `${half} ${group} MRR`).toBeGreaterThanOrEqual(0.7);
      }
    }
  });

  it('suggests nothing for most requests no article answers', () => {
    expect(report.unanswerable.requests).toBeGreaterThanOrEqual(40);
    expect(report.unanswerable.share).toBeGreaterThanOrEqual(0.7);
  });
});
