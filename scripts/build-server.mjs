#!/usr/bin/env node
// Bundles the server (all of server/ and shared/, packages left external) into one ES module,
// dist/server/anlauf.js, so that `anlauf` commands and `npm start` start without compiling
// TypeScript. Runs at `npm install` (prepare) and before `npm start`; does nothing when the
// bundle is newer than every source. bin/anlauf.mjs falls back to the sources (tsx) while the
// bundle is stale, so editing code never runs an old build.
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleIsFresh, BUNDLE, ROOT, SOURCES } from '../bin/server-bundle.mjs';

if (bundleIsFresh() && !process.argv.includes('--force')) process.exit(0);
const started = Date.now();
rmSync(dirname(BUNDLE), { recursive: true, force: true });
const result = await build({
  // The mail parser and SMTP threads (server/modules/mail/parse-thread.ts, smtp-thread.ts) are entry points of their own.
  entryPoints: {
    anlauf: `${ROOT}/server/ops/cli/main.ts`,
    'mail-parser-thread': `${ROOT}/server/modules/mail/parse-thread-entry.ts`,
    'smtp-thread': `${ROOT}/server/modules/mail/smtp-thread-entry.ts`,
  },
  outdir: dirname(BUNDLE),
  entryNames: '[name]',
  // Each command's modules in their own chunk: `anlauf migrate` does not load the web server.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Packages stay external, except kysely: its ES build is some 280 small files, and resolving
  // and loading them was most of the start of a short command (an MTA's pipe delivery).
  plugins: [
    {
      name: 'external-packages-but-kysely',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path === 'kysely' || args.path.startsWith('kysely/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
  sourcemap: 'linked',
  // The list of files read, for the freshness check (bin/server-bundle.mjs).
  metafile: true,
  logLevel: 'warning',
  // Packages loaded with require() from the bundle (CommonJS ones) need a require in ES modules.
  banner: { js: "import { createRequire as __anlaufRequire } from 'node:module'; const require = __anlaufRequire(import.meta.url);" },
});
// Package files are left out: package-lock.json stands for them (kysely, which is bundled, too).
const ourFiles = (inputs) => [...inputs].map((input) => relative(ROOT, resolve(ROOT, input))).filter((file) => !file.split('/').includes('node_modules'));
const files = [...ourFiles(Object.keys(result.metafile.inputs)), 'package-lock.json'];
writeFileSync(SOURCES, JSON.stringify({ startedMs: started, files, commands: { 'mail import': [...ourFiles(inputsOf('server/ops/cli/import-mail-command.ts')), 'package-lock.json'] } }));
console.log(`Built the server bundle in ${Date.now() - started} ms.`);

/**
 * What one command runs: the source files of the main entry with the chunks it imports at once,
 * and of the chunk that holds `module` with every chunk that one imports (at once or later). An
 * MTA's pipe delivery checks only its own files at every start rather than all of them.
 */
function inputsOf(module) {
  const outputs = result.metafile.outputs;
  const holder = Object.keys(outputs).find((out) => module in outputs[out].inputs);
  const main = Object.keys(outputs).find((out) => outputs[out].entryPoint?.endsWith('server/ops/cli/main.ts'));
  if (!holder || !main) throw new Error(`no chunk holds ${module}`);
  const seen = new Set();
  const visit = (out, later) => {
    if (seen.has(out) || !outputs[out]) return;
    seen.add(out);
    for (const imported of outputs[out].imports) if (!imported.external && (later || imported.kind === 'import-statement')) visit(imported.path, later);
  };
  visit(holder, true);
  visit(main, false);
  return new Set([...seen].flatMap((out) => Object.keys(outputs[out].inputs)));
}
