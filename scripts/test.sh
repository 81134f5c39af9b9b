#!/usr/bin/env bash
# The one test command (npm test): type check, lint, then every test suite.
# SQLite always; PostgreSQL too when ANLAUF_TEST_DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ANLAUF_TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL tests skipped: ANLAUF_TEST_DATABASE_URL is not set (SQLite tests run)."
fi
echo "== type check"
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p web/tsconfig.json
npx tsc --noEmit -p e2e/tsconfig.json
echo "== lint and format"
npx eslint --max-warnings 0 .
npm run -s format:check
echo "== dependencies (layers, no import cycles between files or areas)"
npx depcruise server shared web bench e2e --config .dependency-cruiser.cjs --output-type err
node scripts/check-area-cycles.mjs
echo "== tests"
npx vitest run
npx vitest run --config web/vitest.config.ts
if [ -x /usr/bin/chromium ]; then npx vitest run --config e2e/vitest.config.ts; else echo "Browser tests skipped: /usr/bin/chromium is missing (run .ci/setup-chromium.sh)."; fi
