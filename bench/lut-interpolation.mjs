#!/usr/bin/env node
// Evaluations per second of every LUT fit type on a 120-point table (the IOC's coarse size),
// plus how many fits per second can be built (the IOC refits on every `new` or table put).
// Runs the BUILT module: `npx tsc -p packages/lut` (or `npm run build`) first, then
//   node bench/lut-interpolation.mjs
// Not a test: it asserts nothing and its numbers depend on the machine.
import { createInterpolator, FIT_TYPE_NAMES, FitType } from '../packages/lut/dist/interpolation/index.js';

const N = 120;
const MIN_TIME_MS = 400;

// An energy (keV) -> undulator gap (mm) shape, uneven spacing, like the fixture's table.
function gapMm(energyKeV) {
  const k2 = 2 * ((3 * 0.9496 * 2.9 ** 2) / (2 * energyKeV) - 1);
  const b0 = Math.sqrt(k2) / (0.934 * 2);
  const u = (5.47 - Math.sqrt(5.47 ** 2 + 4 * 1.8 * Math.log(b0 / 3.33))) / (2 * 1.8);
  return u * 20;
}
const x = Array.from({ length: N }, (_, i) => 4.5 + 7 * (i / (N - 1)) ** 1.4);
const table = { x, y: x.map(gapMm) };

// Query points spread over the range (and 5 % beyond it on both sides, for extrapolation).
let seed = 1;
const random = () => (seed = (1664525 * seed + 1013904223) >>> 0) / 2 ** 32;
const queries = Float64Array.from({ length: 4096 }, () => 4.5 - 0.35 + 7.7 * random());

function rate(body) {
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    body();
    iterations++;
    elapsed = performance.now() - start;
  } while (elapsed < MIN_TIME_MS);
  return (iterations * 1000) / elapsed;
}

const cases = [
  ...FIT_TYPE_NAMES.filter((n) => n !== 'POLY').map((name) => ({ label: name, fit: FitType[name], degree: undefined })),
  { label: 'POLY deg 3', fit: FitType.POLY, degree: 3 },
  { label: 'POLY deg 9', fit: FitType.POLY, degree: 9 },
];

console.log(`LUT interpolation, ${N}-point table, Node ${process.version}`);
console.log('fit'.padEnd(12), 'evaluations/s'.padStart(15), 'evaluateMany/s'.padStart(16), 'fits built/s'.padStart(14));
let sink = 0;
for (const { label, fit, degree } of cases) {
  const f = createInterpolator(table, fit, { outOfRange: 'extrapolate', degree });
  const out = new Float64Array(queries.length);
  const single =
    rate(() => {
      for (let i = 0; i < queries.length; i++) sink += f.evaluate(queries[i]);
    }) * queries.length;
  const many = rate(() => f.evaluateMany(queries, out)) * queries.length;
  const build = rate(() => createInterpolator(table, fit, { outOfRange: 'extrapolate', degree }));
  const fmt = (v) => Math.round(v).toLocaleString('en-US');
  console.log(label.padEnd(12), fmt(single).padStart(15), fmt(many).padStart(16), fmt(build).padStart(14));
}
// Keep the results alive so the loops are not optimised away (NaN: NEXT/PREVIOUS extrapolated).
if (sink === 0.5) console.log(sink);
