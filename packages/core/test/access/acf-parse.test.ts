/**
 * The ACF language: what asLib accepts and refuses (file:line), the rights asComputePvt
 * grants, and the iocsh dumps compared with EPICS softIoc's output for the same file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AccessSecurity, AcfError, parseAcf } from '../../src/access/index.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../../fixtures/access/${name}`, import.meta.url)), 'utf8');

const refused = (text: string): string => {
  try {
    parseAcf(text, { file: 'x.acf' });
  } catch (err) {
    expect(err).toBeInstanceOf(AcfError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('parseAcf', () => {
  it('refuses what asLib refuses, naming file and line', () => {
    expect(refused('')).toMatch(/^x\.acf:1: syntax error/);
    expect(refused('UAG(a) {x}\nUAG(a) {y}\n')).toBe("x.acf:2: Duplicate User Access Group named 'a'");
    expect(refused('ASG(G) {\n RULE(1, WRIT)\n}')).toBe('x.acf:2: Access rights must be NONE, READ or WRITE');
    expect(refused('ASG(G) {\n RULE(1, WRITE, LOG)\n}')).toBe('x.acf:2: Log options must be TRAPWRITE or NOTRAPWRITE');
    expect(refused('ASG(G) {\n\n RULE(1, WRITE) { HAG(h) }\n}')).toBe("x.acf:3: No Host Access Group named 'h' defined");
    expect(refused('ASG(G) {\n RULE(1, WRITE) {\n  CALC("A:=1;A")\n }\n}')).toBe("x.acf:3: Assignment operator used in CALC expression 'A:=1;A'");
    expect(refused('ASG(G) {\n RULE(1, WRITE) { CALC("A+") }\n}')).toMatch(/^x\.acf:2: .* in CALC expression 'A\+'$/);
    expect(refused('ASG(G) {\n RULE(1, WRITE) { CALC("A) }\n}')).toBe('x.acf:2: Newline in quoted string, closing quote missing');
    expect(refused('ASG(G) {\n RULE(1, WRITE) $\n}')).toBe("x.acf:2: Invalid character '$'");
    expect(refused('ASG(G) {\n INPM(x)\n}')).toMatch(/^x\.acf:2: syntax error/);
    expect(refused('ASG(X) {}\nASG(X)')).toMatch(/^x\.acf:1: syntax error/);
    expect(refused('ASG(X)\nASG(X)')).toBe("x.acf:2: Duplicate Access Security Group named 'X'");
  });

  it('accepts DEFAULT once, comments, quoted names and macros', () => {
    const config = parseAcf('# c\nUAG(u) {"a b", $(U)}\nASG(DEFAULT) {\n INPL("$(P)x") RULE(0, NONE, NOTRAPWRITE)\n}\n', { macros: 'U=op,P=IOC:' });
    expect(config.uags.get('u')).toEqual(['a b', 'op']);
    expect(config.groups.get('DEFAULT')!.inputs).toEqual([{ index: 11, pv: 'IOC:x' }]);
  });
});

describe('AccessSecurity', () => {
  const security = new AccessSecurity();
  security.load(parseAcf(fixture('rights.acf'), { file: 'rights.acf' }));

  it('grants as asComputePvt: rules only raise, levels, UAG and HAG, unknown groups are DEFAULT', () => {
    const r = (asg: string, level: number, user: string, host: string): number => security.rights(asg, level, { user, host }).access;
    expect(r('DEFAULT', 1, 'alice', 'x')).toBe(2);
    expect(r('DEFAULT', 1, 'mallory', 'x')).toBe(1);
    expect(r('NOPE', 1, 'alice', 'x')).toBe(2);
    expect(r('LEVEL', 0, 'carol', 'x')).toBe(2);
    expect(r('LEVEL', 1, 'carol', 'x')).toBe(1);
    expect(r('HOSTS', 1, 'zed', 'ctrlhost')).toBe(2);
    expect(r('HOSTS', 1, 'zed', 'other')).toBe(0);
    expect(security.rights('DEFAULT', 1, { user: 'bob', host: 'x' }).trapWrite).toBe(true);
  });

  it('CALC rules follow their inputs; a bad input denies', () => {
    const r = (): number => security.rights('LIVE', 1, { user: 'alice', host: 'x' }).access;
    expect(r()).toBe(1);
    security.setInput('LIVE', 0, 1);
    expect(r()).toBe(2);
    security.setInput('LIVE', 0, undefined);
    expect(r()).toBe(1);
    security.setInput('LIVE', 0, 0);
    expect(r()).toBe(1);
  });

  it('asprules, aspuag and asphag print what softIoc prints for the same file', () => {
    const fresh = new AccessSecurity();
    fresh.load(parseAcf(fixture('rights.acf'), { file: 'rights.acf' }));
    expect(fresh.dumpRules() + fresh.dumpUags() + fresh.dumpHags()).toBe(fixture('softioc-dumps.txt'));
  });
});
