/**
 * `devioc startproject NAME`: writes a runnable TypeScript IOC project around devioc's example
 * IOC. One template function per generated file (this directory); this module names the
 * project, finds the @devioc/core to depend on, and writes the files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binTs } from './bin-ts.js';
import { binSource, type GeneratedFile, type ProjectContext, unitFile } from './context.js';
import { gitignore } from './gitignore.js';
import { iocTs } from './ioc-ts.js';
import { projectNames, StartProjectError } from './names.js';
import { packageJson } from './package-json.js';
import { readmeMd } from './readme-md.js';
import { systemdUnit } from './systemd-unit.js';
import { tsconfigJson } from './tsconfig-json.js';

export { nameWords, projectNames, StartProjectError, type ProjectNames } from './names.js';
export type { GeneratedFile, ProjectContext } from './context.js';

/** Every file of a project, in the order they are listed, with what each one is. */
export function renderProject(c: ProjectContext): (GeneratedFile & { about: string })[] {
  return [
    { path: 'package.json', content: packageJson(c), about: `npm package ${c.packageName}: build, start, bin ${c.name}` },
    { path: 'tsconfig.json', content: tsconfigJson(), about: 'strict TypeScript, NodeNext, src/ -> dist/' },
    { path: 'src/ioc.ts', content: iocTs(c), about: `the model ${c.className} and the app ${c.appClassName}` },
    { path: binSource(c), content: binTs(c), about: 'the command: --device, --verbose, --log-file' },
    { path: 'README.md', content: readmeMd(c), about: 'running, records, deploying' },
    { path: unitFile(c), content: systemdUnit(c), about: `systemd template unit, ${c.name}@<device>` },
    { path: '.gitignore', content: gitignore(), about: '' },
  ];
}

/** The @devioc/core this devioc is, and whether it runs from a source checkout of the monorepo. */
export interface CorePackage {
  /** The package's directory (packages/core in a checkout). */
  dir: string;
  version: string;
  /** Its commander range, for the generated project's own dependency. */
  commanderSpec: string;
  /** Its rxjs range, likewise. */
  rxjsSpec: string;
  /** Running from a checkout: `<root>/packages/core` of a workspace root listing it. */
  checkout: boolean;
  /** Whether its dist/ is built (the generated project compiles against its types). */
  built: boolean;
}

const readJson = (file: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** Finds @devioc/core from this module: src/cli/startproject/ or dist/cli/startproject/ inside it. */
export function corePackage(dir = resolve(fileURLToPath(new URL('../../../', import.meta.url)))): CorePackage {
  const pkg = readJson(join(dir, 'package.json'));
  const version = typeof pkg?.version === 'string' ? pkg.version : '0.0.0';
  const deps = (pkg?.dependencies ?? {}) as Record<string, string>;
  const root = readJson(join(dir, '..', '..', 'package.json'));
  const workspaces = Array.isArray(root?.workspaces) ? (root.workspaces as unknown[]) : [];
  const checkout =
    pkg?.name === '@devioc/core' && basename(dir) === 'core' && basename(dirname(dir)) === 'packages' && workspaces.includes('packages/core');
  return { dir, version, commanderSpec: deps.commander ?? '^14.0.3', rxjsSpec: deps.rxjs ?? '^7.8.2', checkout, built: existsSync(join(dir, 'dist', 'index.d.ts')) };
}

/** The default dependency spec of @devioc/core: the checkout itself (`file:`), else the published version. */
export const defaultCoreSpec = (core: CorePackage): string => (core.checkout ? `file:${core.dir}` : `^${core.version}`);

export interface StartProjectOptions {
  /** The project name, kept as given. */
  name: string;
  /** The parent directory; default the current one. */
  dir?: string;
  /** Write into an existing non-empty directory, overwriting the generated files (others are left alone). */
  force?: boolean;
  /** The dependency spec of @devioc/core; default {@link defaultCoreSpec}. */
  core?: string;
  /** Default: the package this module belongs to. */
  corePackage?: CorePackage;
}

export interface StartProjectResult {
  directory: string;
  context: ProjectContext;
  core: CorePackage;
  files: { path: string; about: string; overwritten: boolean }[];
}

/** Writes the project; throws a StartProjectError (nothing written) for a bad name or an occupied directory. */
export function startProject(options: StartProjectOptions): StartProjectResult {
  const names = projectNames(options.name);
  const core = options.corePackage ?? corePackage();
  const context: ProjectContext = { ...names, coreSpec: options.core ?? defaultCoreSpec(core), commanderSpec: core.commanderSpec, rxjsSpec: core.rxjsSpec };
  const directory = resolve(options.dir ?? process.cwd(), names.name);
  if (existsSync(directory)) {
    if (!statSync(directory).isDirectory()) throw new StartProjectError(`${directory} exists and is not a directory`);
    if (readdirSync(directory).length > 0 && options.force !== true) {
      throw new StartProjectError(
        `${directory} already exists and is not empty: choose another name or --dir, or use --force to overwrite the generated files in it`,
      );
    }
  }
  const files = renderProject(context).map((f) => {
    const target = join(directory, f.path);
    const overwritten = existsSync(target);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
    return { path: f.path, about: f.about, overwritten };
  });
  return { directory, context, core, files };
}
