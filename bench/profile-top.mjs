// Summarises a V8 CPU profile (.cpuprofile, from node --cpu-prof or bench --profile): the
// functions with the most self time, and with the most total (inclusive) time, as percentages
// of the sampled time excluding idle. Usage: node bench/profile-top.mjs [--under FUNCTION] [--last SECONDS] FILE [N]
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const underAt = argv.indexOf('--under');
// --under NAME: only samples with a function named NAME on their stack (e.g. performWrite).
const under = underAt >= 0 ? argv.splice(underAt, 2)[1] : undefined;
const lastAt = argv.indexOf('--last');
// --last SECONDS: only the samples of the profile's last SECONDS (e.g. a second, warm run).
const lastUs = lastAt >= 0 ? Number(argv.splice(lastAt, 2)[1]) * 1e6 : Infinity;
const [file, nArg] = argv;
if (!file) {
  console.error('usage: node bench/profile-top.mjs [--under FUNCTION] [--last SECONDS] FILE.cpuprofile [N]');
  process.exit(2);
}
const n = Number(nArg ?? 25);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);

// Sample counts per node; time deltas weight each sample.
const selfTime = new Map();
const sampleAt = [];
for (let i = 0, at = prof.startTime; i < prof.samples.length; i++) sampleAt.push((at += prof.timeDeltas[i] ?? 0));
const from = prof.endTime - lastUs;
for (let i = 0; i < prof.samples.length; i++) {
  if (sampleAt[i] < from) continue;
  const id = prof.samples[i];
  selfTime.set(id, (selfTime.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
}
const key = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url ? path.basename(cf.url) : ''}:${cf.lineNumber + 1}`;
const self = new Map();
const total = new Map();
let busy = 0;
for (const [id, t] of selfTime) {
  const node = byId.get(id);
  const name = node.callFrame.functionName;
  if (name === '(idle)' || name === '(program)') continue;
  if (under !== undefined) {
    let found = false;
    for (let cur = id; cur !== undefined && !found; cur = parent.get(cur)) found = byId.get(cur).callFrame.functionName === under;
    if (!found) continue;
  }
  busy += t;
  const k = key(node.callFrame);
  self.set(k, (self.get(k) ?? 0) + t);
  // Inclusive: count once per distinct function on the stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const ck = key(byId.get(cur).callFrame);
    if (seen.has(ck)) continue;
    seen.add(ck);
    total.set(ck, (total.get(ck) ?? 0) + t);
  }
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${((100 * t) / busy).toFixed(1).padStart(6)} %  ${k}`);
};
console.log(`${file}: ${(busy / 1e6).toFixed(2)} s busy (idle and (program) excluded)`);
show('self time', self);
show('total time', total);
