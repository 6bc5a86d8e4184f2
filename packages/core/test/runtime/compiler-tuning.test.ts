/**
 * V8's inlining budget for serving (runtime/compiler-tuning.ts), observed in V8 itself: a child
 * node process traces TurboFan's inlining decisions (`--trace-turbo-inlining`) for a caller of
 * a function of about 1,200 bytes of bytecode, past V8's default of 460 for one callee. Tuned,
 * TurboFan inlines it; with DEVIOC_V8_TUNING=NO, or a budget given on node's command line, it
 * does not. A Runtime that serves tunes before it serves. Runs the built code (dist).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/helpers/ports.js';

const dist = (file: string): string => pathToFileURL(fileURLToPath(new URL(`../../dist/${file}`, import.meta.url))).href;

/**
 * A script that optionally tunes (how: `tune`), prints what it did, then optimizes a caller of
 * a large callee. It ends by itself, without process.exit(): V8 prints its trace through C's
 * buffered stdout, which an exit in the middle left unflushed (about 1 run in 10 lost the
 * trace's end and DONE).
 */
function script(tune: string): string {
  return `
const { tuneCompilerForServing } = await import(${JSON.stringify(dist('runtime/compiler-tuning.js'))});
const { Runtime } = await import(${JSON.stringify(dist('runtime/index.js'))});
${tune}
const body = Array.from({ length: 60 }, (_, i) => 's = (s * ' + (i + 3) + ' + x) % 1000003;').join('\\n');
const largeCallee = new Function('x', 'let s = x; ' + body + ' return s;');
function probeCaller(x) { return largeCallee(x) + 1; }
%PrepareFunctionForOptimization(largeCallee);
%PrepareFunctionForOptimization(probeCaller);
probeCaller(1);
probeCaller(2);
%OptimizeFunctionOnNextCall(probeCaller);
probeCaller(3);
console.log('DONE');
`;
}

function run(tune: string, env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []): string {
  return execFileSync(process.execPath, [...nodeFlags, '--allow-natives-syntax', '--trace-turbo-inlining', '--input-type=module', '-e', script(tune)], {
    encoding: 'utf8',
    env: { ...process.env, DEVIOC_V8_TUNING: undefined, ...env },
    timeout: 60_000,
  });
}

/** Whether the trace shows the probe's callee (a target of 461 to 3,000 bytes) inlined into probeCaller. */
function inlinedIntoProbe(trace: string): boolean {
  const lines = trace.split('\n');
  const at = lines.findIndex((l) => /^Inlining .* into .*probeCaller/.test(l));
  if (at < 0) return false;
  const size = lines
    .slice(0, at)
    .reverse()
    .map((l) => /bytecode size: (\d+)/.exec(l))
    .find((m) => m !== null);
  return size !== undefined && size !== null && Number(size[1]) > 460 && Number(size[1]) <= 3000;
}

/** The probe's callee is past V8's default budget: not inlined untuned. */
function refusedForProbe(trace: string): boolean {
  return trace.includes('DONE') && !/^Inlining .* into .*probeCaller/m.test(trace);
}

describe('tuneCompilerForServing', () => {
  it('raises the budget: TurboFan inlines a 1,200-byte callee, which V8 defaults refuse', () => {
    const untuned = run('');
    expect(refusedForProbe(untuned)).toBe(true);
    const tuned = run("console.log('TUNING', JSON.stringify(tuneCompilerForServing()));");
    expect(tuned).toContain('TUNING {"applied":["--max-inlined-bytecode-size=3000","--max-inlined-bytecode-size-cumulative=10000","--max-inlined-bytecode-size-absolute=20000"],"keptFromCommandLine":[]}');
    expect(inlinedIntoProbe(tuned)).toBe(true);
  }, 120_000);

  it('DEVIOC_V8_TUNING=NO leaves V8 defaults', () => {
    const trace = run("console.log('TUNING', JSON.stringify(tuneCompilerForServing()));", { DEVIOC_V8_TUNING: 'NO' });
    expect(trace).toContain('TUNING {"applied":[],"keptFromCommandLine":[]}');
    expect(refusedForProbe(trace)).toBe(true);
  }, 60_000);

  it("keeps a budget given on node's command line, in either spelling", () => {
    const trace = run("console.log('TUNING', JSON.stringify(tuneCompilerForServing()));", {}, ['--max_inlined_bytecode_size=400']);
    expect(trace).toContain('TUNING {"applied":["--max-inlined-bytecode-size-cumulative=10000","--max-inlined-bytecode-size-absolute=20000"],"keptFromCommandLine":["max-inlined-bytecode-size"]}');
    expect(refusedForProbe(trace)).toBe(true);
  }, 60_000);

  /** A script that starts a serving Runtime with these options, and prints its log lines about V8. */
  const startRuntime = (port: number, options: string): string => `
const lines = [];
const log = (m) => lines.push(m);
const logger = { error: log, warn: log, important: log, info: log, debug: log, isDebugEnabled: () => true, child: () => logger };
const runtime = new Runtime({ port: ${port}, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false, warmUp: false, logger${options} });
await runtime.attach({});
console.log('LOG', JSON.stringify(lines.filter((l) => l.includes('V8'))));
await runtime.close();
`;

  it('a Runtime tunes as it starts serving, and says so at debug', async () => {
    const trace = run(startRuntime(await freePort(), ''), { EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CA_AUTO_ADDR_LIST: 'NO' });
    expect(trace).toContain('LOG ["V8 inlining budget raised for serving: --max-inlined-bytecode-size=3000 --max-inlined-bytecode-size-cumulative=10000 --max-inlined-bytecode-size-absolute=20000"]');
    expect(inlinedIntoProbe(trace)).toBe(true);
  }, 60_000);

  it('a Runtime with tuneV8: false leaves V8 defaults', async () => {
    const trace = run(startRuntime(await freePort(), ', tuneV8: false'), { EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CA_AUTO_ADDR_LIST: 'NO' });
    expect(trace).toContain('LOG []');
    expect(refusedForProbe(trace)).toBe(true);
  }, 60_000);
});
