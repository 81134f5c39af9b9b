#!/usr/bin/env node
// Builds the web app and reports its JavaScript sizes (raw and gzip); fails when the initial JS exceeds the budget.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_GZIP_BYTES = 250 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'web', 'dist');

if (!process.argv.includes('--no-build')) {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
// Initial JS: the entry script plus what index.html preloads; everything else loads per route.
const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
const rows = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((file) => {
    const bytes = readFileSync(join(dist, 'assets', file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, initial: initial.has(file) };
  })
  .sort((a, b) => b.gzip - a.gzip);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('web bundle (gzip level 9)');
for (const r of rows) console.log(`  ${r.initial ? '*' : ' '} ${r.file.padEnd(40)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)}`);
const initialGzip = rows.filter((r) => r.initial).reduce((sum, r) => sum + r.gzip, 0);
const totalGzip = rows.filter((r) => r.file.endsWith('.js')).reduce((sum, r) => sum + r.gzip, 0);
console.log(`initial JS: ${kb(initialGzip)} gzip (budget ${kb(BUDGET_GZIP_BYTES)}, ratio ${(initialGzip / BUDGET_GZIP_BYTES).toFixed(2)}); all JS: ${kb(totalGzip)} gzip`);
console.log(JSON.stringify({ metric: 'web.initialJsGzipBytes', value: initialGzip, budget: BUDGET_GZIP_BYTES, totalJsGzipBytes: totalGzip }));
if (initialGzip > BUDGET_GZIP_BYTES) {
  console.error('initial JavaScript is over budget');
  process.exit(1);
}
