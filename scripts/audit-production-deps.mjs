#!/usr/bin/env node
// CI step: `npm audit --omit=dev` must show no high or critical advisory in production
// dependencies, except those written down with a reason in .ci/audit-allowlist.json
// ({"advisories":[{"id":"GHSA-…","package":"…","reason":"…"}]}).
// When the audit service cannot be reached (this workplace's registry answers 405), the step
// says so loudly and passes, unless ANLAUF_AUDIT_REQUIRED=1 makes that a failure too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LEVELS = new Set(['high', 'critical']);
const allowFile = new URL('../.ci/audit-allowlist.json', import.meta.url);
const allowed = new Map(JSON.parse(readFileSync(allowFile, 'utf8')).advisories.map((a) => [a.id, a]));

function auditOutput() {
  // ANLAUF_AUDIT_JSON=<file>: check a saved `npm audit --json` report instead (to try this script).
  if (process.env.ANLAUF_AUDIT_JSON) return readFileSync(process.env.ANLAUF_AUDIT_JSON, 'utf8');
  try {
    return execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // npm audit exits non-zero when it finds anything; the JSON is on stdout either way.
    return error.stdout ?? '';
  }
}
const output = auditOutput();
let report;
try {
  report = JSON.parse(output);
} catch {
  report = {};
}
if (!report.vulnerabilities) {
  const why = report.message ?? report.error?.summary ?? 'no answer';
  console.log(`WARNING: npm audit could not run (${why}); production dependencies were NOT checked for advisories.`);
  process.exit(process.env.ANLAUF_AUDIT_REQUIRED === '1' ? 1 : 0);
}

const findings = new Map();
for (const [name, entry] of Object.entries(report.vulnerabilities)) {
  for (const via of entry.via) {
    if (typeof via !== 'object' || !LEVELS.has(via.severity)) continue;
    const id = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0] ?? String(via.source);
    findings.set(id, { id, package: via.name ?? name, severity: via.severity, title: via.title, url: via.url });
  }
}
const blocking = [...findings.values()].filter((f) => !allowed.has(f.id));
for (const f of findings.values()) {
  const note = allowed.has(f.id) ? `allowed: ${allowed.get(f.id).reason}` : 'NOT ALLOWED';
  console.log(`${f.severity.padEnd(8)} ${f.id} ${f.package}: ${f.title} (${note})`);
}
for (const id of allowed.keys()) if (!findings.has(id)) console.log(`note: ${id} in .ci/audit-allowlist.json no longer applies; remove it.`);
console.log(`npm audit: ${findings.size} high/critical advisories in production dependencies, ${blocking.length} not allowed.`);
process.exit(blocking.length ? 1 : 0);
