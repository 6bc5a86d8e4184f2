/**
 * `devioc startproject`: the names derived from a project name, the files generated and what is
 * in them, the @devioc/core dependency spec, and the refusal to write into an occupied directory.
 * (test/startproject.test.ts installs, builds and serves a generated project for real.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { describeResult } from '../../src/cli/commands/startproject.js';
import { type CorePackage, corePackage, nameWords, projectNames, startProject, StartProjectError } from '../../src/cli/startproject/index.js';

const CORE_DIR = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const EXAMPLE = fileURLToPath(new URL('../../src/example/my-ioc.ts', import.meta.url));

const tmp = mkdtempSync(join(tmpdir(), 'devioc-startproject-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const d = join(tmp, `p${n++}`);
  mkdirSync(d);
  return d;
};
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');

const PUBLISHED: CorePackage = { dir: '/usr/lib/node_modules/@devioc/core', version: '1.2.3', commanderSpec: '^14.0.3', rxjsSpec: '^7.8.2', checkout: false, built: true };

describe('project names', () => {
  it.each([
    ['myioc', 'myioc', 'Myioc', 'MYIOC-001'],
    ['MyIOC-Test', 'myioc-test', 'MyIocTest', 'MYIOC-TEST-001'],
    ['beam_line2', 'beam-line2', 'BeamLine2', 'BEAM_LINE2-001'],
    ['MyIOCTest', 'myioctest', 'MyIocTest', 'MYIOCTEST-001'],
    ['aunt-isara', 'aunt-isara', 'AuntIsara', 'AUNT-ISARA-001'],
    ['SAM.robot', 'sam-robot', 'SamRobot', 'SAM-ROBOT-001'],
    ['x__Y--z', 'x-y-z', 'XYZ', 'X__Y--Z-001'],
  ])('%s: package %s, class %s, example device %s', (name, pkg, cls, device) => {
    const names = projectNames(name);
    expect(names).toEqual({ name, packageName: pkg, className: cls, appClassName: `${cls}App`, exampleDevice: device });
  });

  it('splits words at separators, case changes and digits', () => {
    expect(nameWords('MyIOC-Test')).toEqual(['My', 'IOC', 'Test']);
    expect(nameWords('IOC2go')).toEqual(['IOC', '2', 'go']);
    expect(nameWords('beam_line2')).toEqual(['beam', 'line', '2']);
  });

  it('does not shadow what the generated code uses: imports, globals, utility types', () => {
    expect(projectNames('model').className).toBe('ModelIoc');
    expect(projectNames('Record-Handle').className).toBe('RecordHandleIoc');
    expect(projectNames('promise').className).toBe('PromiseIoc');
    expect(projectNames('omit').className).toBe('OmitIoc');
    expect(projectNames('array').appClassName).toBe('ArrayIocApp');
  });

  it.each(['', '2fast', '-x', 'my ioc', 'a/b', 'a@b', 'ioc!', 'é', `a${'b'.repeat(100)}`])('refuses %j, saying why', (name) => {
    expect(() => projectNames(name)).toThrow(StartProjectError);
    expect(() => projectNames(name)).toThrow(/invalid project name .*starting with a letter/);
  });
});

describe('the generated project', () => {
  for (const name of ['myioc', 'MyIOC-Test', 'beam_line2']) {
    describe(name, () => {
      const parent = freshDir();
      const result = startProject({ name, dir: parent, core: 'file:/somewhere/packages/core' });
      const dir = join(parent, name);
      const names = projectNames(name);

      it('is a directory named as given, with one file per purpose', () => {
        expect(result.directory).toBe(dir);
        expect(result.files.map((f) => f.path)).toEqual([
          'package.json',
          'tsconfig.json',
          'src/ioc.ts',
          `src/bin/${name}.ts`,
          'README.md',
          `deploy/${name}@.service`,
          '.gitignore',
        ]);
        for (const f of result.files) {
          expect(existsSync(join(dir, f.path)), f.path).toBe(true);
          expect(f.overwritten).toBe(false);
        }
      });

      it('package.json: ESM, node >= 20.17, build/prestart/start, the bin, what it imports', () => {
        const pkg = JSON.parse(read(dir, 'package.json')) as Record<string, unknown>;
        expect(pkg).toMatchObject({
          name: names.packageName,
          displayName: name,
          type: 'module',
          private: true,
          engines: { node: '>=20.17' },
          bin: { [name]: `dist/bin/${name}.js` },
          scripts: { build: 'tsc', prestart: 'npm run build', start: `node dist/bin/${name}.js` },
          dependencies: { '@devioc/core': 'file:/somewhere/packages/core', commander: expect.stringMatching(/^\^14\./) as unknown, rxjs: expect.stringMatching(/^\^7\./) as unknown },
          devDependencies: { typescript: expect.stringMatching(/^\^5\./) as unknown, '@types/node': expect.stringMatching(/^\^20\./) as unknown },
        });
        expect(Object.keys(pkg.dependencies as object).sort()).toEqual(['@devioc/core', 'commander', 'rxjs']);
      });

      it('tsconfig.json: strict, NodeNext, src -> dist', () => {
        const ts = JSON.parse(read(dir, 'tsconfig.json')) as { compilerOptions: Record<string, unknown>; include: string[] };
        expect(ts.compilerOptions).toMatchObject({ strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', outDir: 'dist' });
        expect(ts.include).toEqual(['src']);
      });

      it('src/ioc.ts: the example model and app, named after the project', () => {
        const ioc = read(dir, 'src/ioc.ts');
        expect(ioc).toContain("from '@devioc/core';");
        expect(ioc).toContain(`export class ${names.className} extends Model {`);
        expect(ioc).toContain(`export class ${names.appClassName} {`);
        expect(ioc).toContain(`readonly ioc: ${names.className};`);
        expect(ioc).toContain('async do_toggle(');
        expect(ioc).not.toMatch(/\bMyIOC(App)?\b(?!-)/); // the example's class names are gone
      });

      it(`src/bin/${name}.ts: --device (required), --verbose, --log-file, clean shutdown on SIGINT/SIGTERM`, () => {
        const bin = read(dir, `src/bin/${name}.ts`);
        expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
        expect(bin).toContain(`new Command('${name}')`);
        expect(bin).toContain(`import { ${names.appClassName} } from '../ioc.js';`);
        expect(bin).toContain(".requiredOption('-d, --device <name>'");
        expect(bin).toContain(".option('-v, --verbose'");
        expect(bin).toContain(".option('--log-file <path>'");
        expect(bin).toContain('file: opts.logFile');
        expect(bin).toContain("process.on('SIGINT', stop)");
        expect(bin).toContain("process.on('SIGTERM', stop)");
        expect(bin).toContain('log.important(');
        expect(bin).not.toMatch(/\breset\b/);
      });

      it(`deploy/${name}@.service: a template unit per device, restarted on failure, to the journal`, () => {
        const unit = read(dir, `deploy/${name}@.service`);
        expect(unit).toContain(`ExecStart=/usr/bin/env node /opt/${name}/dist/bin/${name}.js --device %i $IOC_ARGS\n`);
        expect(unit).toContain('Restart=on-failure\n');
        expect(unit).toContain(`WorkingDirectory=%S/${name}/%i\n`);
        expect(unit).toContain(`StateDirectory=${name}/%i\n`);
        expect(unit).toContain('StandardOutput=journal\n');
        expect(unit).toContain(`EnvironmentFile=-/etc/${name}/%i.env\n`);
        expect(unit).toContain('WantedBy=multi-user.target\n');
        expect(unit).toMatch(/^\[Unit\]$/m);
        expect(unit).toMatch(/^\[Service\]$/m);
        expect(unit).toMatch(/^\[Install\]$/m);
      });

      it('README.md: running, the records, deploying', () => {
        const readme = read(dir, 'README.md');
        expect(readme.startsWith(`# ${name}\n`)).toBe(true);
        expect(readme).toContain(`npm start -- --device ${names.exampleDevice}`);
        for (const record of ['enum', 'toggle', 'sstring', 'lstring', 'intval', 'floatval', 'floatout', 'intarray', 'floatarray', 'calc']) {
          expect(readme).toContain(`| \`${record}\` |`);
        }
        expect(readme).toContain('## Deploying with systemd');
        expect(readme).toContain(`sudo cp deploy/${name}@.service /etc/systemd/system/`);
        expect(readme).toContain(`sudo systemctl enable --now ${name}@${names.exampleDevice}`);
      });

      it('.gitignore: node_modules, dist, logs', () => {
        expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/', '*.log']));
      });
    });
  }

  it("src/ioc.ts is devioc's example, line for line, with the class renamed", () => {
    const dir = freshDir();
    startProject({ name: 'MyIOC-Test', dir, core: '^0.1.0' });
    const body = (text: string): string => text.slice(text.indexOf('\nconst log = '));
    const example = body(readFileSync(EXAMPLE, 'utf8')).replace(/MyIOC/g, 'MyIocTest');
    expect(body(read(join(dir, 'MyIOC-Test'), 'src/ioc.ts'))).toBe(example);
  });

  it('systemd accepts the unit (systemd-analyze verify, where available)', () => {
    let verify: string;
    try {
      verify = execFileSync('which', ['systemd-analyze'], { encoding: 'utf8' }).trim();
    } catch {
      return; // no systemd tools on this machine
    }
    const dir = freshDir();
    startProject({ name: 'MyIOC-Test', dir, core: '^0.1.0' });
    // An instance of the template, as `systemctl enable MyIOC-Test@DEV-1` would load it.
    const instance = join(dir, 'MyIOC-Test@DEV-1.service');
    writeFileSync(instance, read(join(dir, 'MyIOC-Test'), 'deploy/MyIOC-Test@.service'));
    const out = execFileSync(verify, ['verify', '--man=no', instance], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    expect(out).toBe('');
  });
});

describe('the @devioc/core dependency', () => {
  it('from this source checkout: file:<absolute path of packages/core>', () => {
    const core = corePackage();
    expect(core).toMatchObject({ dir: CORE_DIR, checkout: true });
    const dir = freshDir();
    const r = startProject({ name: 'myioc', dir });
    expect(r.context.coreSpec).toBe(`file:${CORE_DIR}`);
    expect(JSON.parse(read(r.directory, 'package.json')).dependencies['@devioc/core']).toBe(`file:${CORE_DIR}`);
  });

  it('from an installed package: ^<version>', () => {
    const fake = join(freshDir(), 'node_modules', '@devioc', 'core');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: '@devioc/core', version: '2.3.4', dependencies: { commander: '^14.1.0', rxjs: '^7.9.0' } }));
    const core = corePackage(fake);
    expect(core).toMatchObject({ checkout: false, version: '2.3.4', commanderSpec: '^14.1.0', rxjsSpec: '^7.9.0' });
    const r = startProject({ name: 'myioc', dir: freshDir(), corePackage: core });
    const pkg = JSON.parse(read(r.directory, 'package.json'));
    expect(pkg.dependencies).toEqual({ '@devioc/core': '^2.3.4', commander: '^14.1.0', rxjs: '^7.9.0' });
    expect(read(r.directory, 'README.md')).not.toContain('source checkout');
  });

  it('--core overrides it', () => {
    const r = startProject({ name: 'myioc', dir: freshDir(), core: 'github:me/devioc#main', corePackage: PUBLISHED });
    expect(JSON.parse(read(r.directory, 'package.json')).dependencies['@devioc/core']).toBe('github:me/devioc#main');
  });
});

describe('an existing directory', () => {
  it('is refused when it is not empty, and nothing is written', () => {
    const parent = freshDir();
    mkdirSync(join(parent, 'MyIOC-Test'));
    writeFileSync(join(parent, 'MyIOC-Test', 'notes.txt'), 'mine');
    expect(() => startProject({ name: 'MyIOC-Test', dir: parent })).toThrow(
      `${join(parent, 'MyIOC-Test')} already exists and is not empty: choose another name or --dir, or use --force to overwrite the generated files in it`,
    );
    expect(existsSync(join(parent, 'MyIOC-Test', 'package.json'))).toBe(false);
  });

  it('is used when it is empty', () => {
    const parent = freshDir();
    mkdirSync(join(parent, 'myioc'));
    expect(startProject({ name: 'myioc', dir: parent }).files.every((f) => !f.overwritten)).toBe(true);
  });

  it('with --force: the generated files are overwritten, the others left alone', () => {
    const parent = freshDir();
    startProject({ name: 'MyIOC-Test', dir: parent, core: '^0.1.0' });
    const dir = join(parent, 'MyIOC-Test');
    writeFileSync(join(dir, 'src/ioc.ts'), '// edited');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = startProject({ name: 'MyIOC-Test', dir: parent, core: '^0.1.0', force: true });
    expect(r.files.every((f) => f.overwritten)).toBe(true);
    expect(read(dir, 'src/ioc.ts')).toContain('export class MyIocTest extends Model');
    expect(read(dir, 'notes.txt')).toBe('mine');
  });

  it('a file in the way is refused, even with --force', () => {
    const parent = freshDir();
    writeFileSync(join(parent, 'myioc'), '');
    expect(() => startProject({ name: 'myioc', dir: parent, force: true })).toThrow(/exists and is not a directory/);
  });
});

describe('devioc startproject (the command)', () => {
  const run = async (args: string[]): Promise<string> => {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      await buildProgram().exitOverride().parseAsync(['node', 'devioc', 'startproject', ...args]);
    } finally {
      spy.mockRestore();
    }
    return out;
  };

  it('writes the project and prints what it wrote and the next steps', async () => {
    const parent = freshDir();
    const out = await run(['MyIOC-Test', '--dir', parent]);
    expect(out).toContain(`Created MyIOC-Test in ${join(parent, 'MyIOC-Test')}:`);
    expect(out).toMatch(/^ {2}src\/bin\/MyIOC-Test\.ts +the command/m);
    expect(out).toMatch(/^ {2}deploy\/MyIOC-Test@\.service +systemd template unit/m);
    expect(out).toContain(`@devioc/core: file:${CORE_DIR}`);
    expect(out).toContain('Next steps:\n');
    expect(out).toContain('  npm install\n  npm start -- --device MYIOC-TEST-001\n');
    expect(existsSync(join(parent, 'MyIOC-Test', 'src', 'bin', 'MyIOC-Test.ts'))).toBe(true);
  });

  it('fails with the reason for an occupied directory, and --force writes anyway', async () => {
    const parent = freshDir();
    await run(['myioc', '--dir', parent]);
    await expect(run(['myioc', '--dir', parent])).rejects.toThrow(/already exists and is not empty/);
    expect(await run(['myioc', '--dir', parent, '--force', '--core', '^9.9.9'])).toMatch(/^ {2}src\/ioc\.ts +.*\(overwritten\)$/m);
    expect(JSON.parse(read(join(parent, 'myioc'), 'package.json')).dependencies['@devioc/core']).toBe('^9.9.9');
  });

  it('tells to cd relative to the current directory when it can', () => {
    const parent = freshDir();
    const r = startProject({ name: 'myioc', dir: parent, corePackage: PUBLISHED });
    expect(describeResult(r, parent)).toContain('\n  cd myioc\n');
    expect(describeResult(r, join(parent, 'myioc'))).not.toContain('  cd ');
    expect(describeResult(r, '/')).toContain(`\n  cd ${join(parent, 'myioc').slice(1)}\n`);
  });
});
