import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Compared with the echo baseline or with a budget from DESIGN.md. */
  compare?: { label: string; ratio: number; ok?: boolean };
}

const fmt = (n: number, unit: string) => (unit === 'ms' ? n.toFixed(2) : unit === 'MB' ? n.toFixed(0) : Math.round(n).toLocaleString('en'));

/** Prints the figures as a table. */
export function printTable(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value, f.unit)} ${f.unit}`,
    f.compare ? `${(f.compare.ratio * 100).toFixed(1)} % ${f.compare.label}${f.compare.ok === undefined ? '' : f.compare.ok ? '  ok' : '  MISSED'}` : '',
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'ratio'][i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log('');
  console.log(title);
  console.log(line(['figure', 'value', 'ratio']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
}

/** Writes the run as bench/results/<date>-<dialect>-<size>.json and returns the path. */
export function writeResults(dialect: string, size: string, data: Record<string, unknown>): string {
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, '').replace(/\..*/, '');
  const file = path.join(dir, `${stamp}-${dialect}-${size}.json`);
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg() };
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), dialect, size, machine, ...data }, null, 2)}\n`);
  return file;
}
