// Fails when areas import each other in a cycle (server/modules/<area>, server/platform/<part>,
// server/ops/<part>): file-level cycles are checked by dependency-cruiser itself
// (.dependency-cruiser.cjs); this adds the same rule one level up. Test files are left out.
import { execFileSync } from 'node:child_process';

const json = execFileSync('npx', ['depcruise', 'server', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const { modules } = JSON.parse(json);
const isTest = (path) => /\.test\.ts$|\/test\//.test(path);
const areaOf = (path) => /^server\/(?:modules|platform|ops)\/[^/]+/.exec(path)?.[0]?.replace(/\.ts$/, '');

const edges = new Map();
const witness = new Map();
for (const m of modules) {
  const from = areaOf(m.source);
  if (!from || isTest(m.source)) continue;
  for (const d of m.dependencies) {
    const to = areaOf(d.resolved);
    if (!to || to === from || isTest(d.resolved)) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    if (!witness.has(`${from}>${to}`)) witness.set(`${from}>${to}`, `${m.source} → ${d.resolved}`);
  }
}

// Tarjan's strongly connected components: every component with more than one area is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function connect(v) {
  state.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v) ?? []) {
    if (!state.has(w)) {
      connect(w);
      state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
    } else if (state.get(w).onStack) {
      state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
    }
  }
  if (state.get(v).low === state.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const v of edges.keys()) if (!state.has(v)) connect(v);

if (cycles.length === 0) {
  console.log(`✔ no import cycles between areas (${edges.size} areas)`);
} else {
  for (const cycle of cycles) {
    console.error(`✖ areas import each other in a cycle: ${cycle.join(', ')}`);
    for (const a of cycle) for (const b of cycle) if (witness.has(`${a}>${b}`)) console.error(`    ${witness.get(`${a}>${b}`)}`);
  }
  process.exit(1);
}
