/**
 * The READMEs' TypeScript examples compile: every ```ts block of README.md and
 * packages/<name>/README.md is type-checked by the TypeScript compiler under `strict`, as a module
 * of a project beside this repository's packages (imports resolve through their package.json
 * "exports" to the built declarations: run `npm run build` first). API listings that are not
 * code are fenced ```text. The root README's example is DevIOC's example IOC
 * (packages/core/src/example/my-ioc.ts) shortened: each of its lines is a line of that file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Block {
  readme: string;
  line: number;
  code: string;
}

/** The ```ts / ```typescript blocks of a Markdown file, with the line each starts on. */
function tsBlocks(readme: string): Block[] {
  const lines = readFileSync(path.join(root, readme), 'utf8').split('\n');
  const blocks: Block[] = [];
  let current: { line: number; code: string[] } | undefined;
  lines.forEach((text, i) => {
    if (current === undefined) {
      if (/^```(ts|typescript)\s*$/.test(text)) current = { line: i + 2, code: [] };
    } else if (text.startsWith('```')) {
      blocks.push({ readme, line: current.line, code: current.code.join('\n') });
      current = undefined;
    } else current.code.push(text);
  });
  return blocks;
}

const readmes = ['README.md', ...readdirSync(path.join(root, 'packages')).map((p) => `packages/${p}/README.md`)].filter((f) => {
  try {
    readFileSync(path.join(root, f));
    return true;
  } catch {
    return false;
  }
});
const blocks = readmes.flatMap(tsBlocks);

/** Type-checks the blocks as modules of one program; returns the diagnostics of each block. */
function typeCheck(all: Block[]): Map<Block, string[]> {
  const dir = path.join(root, '.readme-examples'); // never written: the files exist only in memory
  const files = new Map(all.map((b, i) => [path.join(dir, `${b.readme.replace(/[/.]/g, '_')}_${b.line}_${i}.ts`), b]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const source = (file: string): string | undefined => {
    const b = files.get(path.resolve(file));
    // A block without imports is still a module (top-level await, no global clashes).
    return b === undefined ? undefined : `${b.code}\nexport {};\n`;
  };
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(path.resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => source(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, language, onError, create) => {
    const text = source(f);
    return text !== undefined ? ts.createSourceFile(f, text, language) : getSourceFile.call(host, f, language, onError, create);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const out = new Map<Block, string[]>(all.map((b) => [b, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const b = d.file === undefined ? undefined : files.get(path.resolve(d.file.fileName));
    const where = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    const text = `TS${d.code} at ${b ? `${b.readme}:${b.line + where}` : (d.file?.fileName ?? 'program')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    if (b !== undefined) out.get(b)!.push(text);
    else for (const list of out.values()) list.push(text);
  }
  return out;
}

describe('README examples', () => {
  it('finds the examples of the root README and the package READMEs', () => {
    expect(blocks.filter((b) => b.readme === 'README.md')).toHaveLength(1);
    for (const pkg of ['core', 'dcs-protocol', 'lut', 'unclesam', 'web']) {
      expect(blocks.some((b) => b.readme === `packages/${pkg}/README.md`), pkg).toBe(true);
    }
  });

  it('compile under strict against the built packages', { timeout: 120_000 }, () => {
    const problems = [...typeCheck(blocks).values()].flat();
    expect(problems).toEqual([]);
  });

  it('refuses what strict refuses (a callback parameter without a type)', { timeout: 120_000 }, () => {
    const bad: Block = {
      readme: 'bad.md',
      line: 1,
      code: "import { Model, models } from '@devioc/core';\nclass A extends Model { t = models.Toggle(); }\nclass App { do_t(record, value: number, ioc: A) { return [record, value, ioc]; } }\n",
    };
    const problems = typeCheck([bad]).get(bad)!;
    expect(problems.some((p) => p.startsWith('TS7006'))).toBe(true);
  });

  it("the root README's example is my-ioc.ts shortened", () => {
    const example = readFileSync(path.join(root, 'packages/core/src/example/my-ioc.ts'), 'utf8')
      .split('\n')
      .map((l) => l.trim().replace(/^export /, ''));
    const [readme] = blocks.filter((b) => b.readme === 'README.md');
    const lines = readme.code
      .split('\n')
      .map((l) => l.trim())
      // What a standalone snippet adds: its import, a fixed device name, starting it.
      .filter((l) => l !== '' && !l.startsWith('import ') && !l.startsWith('readonly ioc = new MyIOC(') && !l.startsWith('await new MyIOCApp()'));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((l) => !example.includes(l))).toEqual([]);
    expect(lines).toContain("await ioc.enum.put((ioc.enum.get() + 1) % 3, { wait: true }); // cycle through values");
  });
});
