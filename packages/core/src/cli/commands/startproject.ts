import { relative } from 'node:path';
import type { Command } from 'commander';
import { startProject, type StartProjectResult } from '../startproject/index.js';

/** What was written, and what to do next. */
export function describeResult(r: StartProjectResult, cwd = process.cwd()): string {
  const width = Math.max(...r.files.map((f) => f.path.length));
  const lines = [`Created ${r.context.name} in ${r.directory}:`];
  for (const f of r.files) {
    const about = [f.about, f.overwritten ? '(overwritten)' : ''].filter(Boolean).join(' ');
    lines.push(`  ${f.path.padEnd(width)}  ${about}`.trimEnd());
  }
  lines.push('', `@devioc/core: ${r.context.coreSpec}`);
  if (r.context.coreSpec === `file:${r.core.dir}` && !r.core.built) {
    lines.push(`(devioc is used from its source checkout, which is not built yet: run npm run build in ${relative(cwd, `${r.core.dir}/../..`) || '.'} first)`);
  }
  const rel = relative(cwd, r.directory);
  const cd = rel === '' ? undefined : rel.startsWith('..') ? r.directory : rel;
  lines.push(
    '',
    'Next steps:',
    ...(cd === undefined ? [] : [`  cd ${cd}`]),
    '  npm install',
    `  npm start -- --device ${r.context.exampleDevice}`,
    `then, from another terminal: npx devioc get ${r.context.exampleDevice}:calc`,
    'README.md says more, including how to deploy it with systemd.',
    '',
  );
  return lines.join('\n');
}

/** `devioc startproject NAME`: writes a runnable TypeScript IOC project (DevIOC's devioc-startproject). */
export function registerStartProject(program: Command): void {
  program
    .command('startproject')
    .description('write a new TypeScript IOC project: the example IOC, a command, a README and a systemd unit')
    .argument('<name>', 'the project name, kept as given (letters, digits, "-", "_", "."), e.g. MyIOC-Test')
    .option('--dir <parent>', 'create the project directory in <parent> (default: the current directory)')
    .option('--force', 'write into an existing non-empty directory, overwriting the generated files')
    .option('--core <spec>', 'the dependency spec of @devioc/core (default: this checkout as file:<path>, else ^<version>)')
    .action((name: string, opts: { dir?: string; force?: boolean; core?: string }) => {
      const result = startProject({ name, dir: opts.dir, force: opts.force, core: opts.core });
      process.stdout.write(describeResult(result));
    });
}
