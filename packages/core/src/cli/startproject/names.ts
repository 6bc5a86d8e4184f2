/**
 * The names a project is known by. The name the user typed is kept as given (`MyIOC-Test` stays
 * `MyIOC-Test`: the directory, the command, the systemd unit, the README's title); what needs
 * another form gets one derived from it: the npm package name (`myioc-test`) and the TypeScript
 * class names (`MyIocTest`, `MyIocTestApp`). DevIOC deleted every character outside [a-z0-9],
 * turning `MyIOC-Test` into `yest`.
 */

export class StartProjectError extends Error {
  override name = 'StartProjectError';
}

export interface ProjectNames {
  /** As given: the directory, the command (bin), the systemd unit and the README title. */
  name: string;
  /** The npm package name: lower case, words joined by dashes (`myioc-test`). */
  packageName: string;
  /** The model class (`MyIocTest`). */
  className: string;
  /** The application class (`MyIocTestApp`). */
  appClassName: string;
  /** A device name (PV prefix) for the examples in the docs (`MYIOC-TEST-001`). */
  exampleDevice: string;
}

/** A name usable as a directory, a command, an npm bin and a systemd unit name, unchanged. */
const VALID_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const MAX_NAME = 100;

/**
 * Identifiers the generated code already uses at module scope (imports, and the globals and
 * utility types it refers to): a class of the same name would shadow them, so it gets `Ioc`
 * appended (`model` → `ModelIoc`).
 */
const TAKEN = new Set([
  'Model', 'ModelOptions', 'RecordHandle', 'Command',
  'Omit', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Exclude', 'Extract', 'NonNullable',
  'ReturnType', 'Parameters', 'InstanceType', 'Awaited', 'PromiseLike', 'ArrayLike', 'Iterable',
]);

/** Words of a name: split at anything not a letter or digit, at case changes (`MyIOCTest` → My IOC Test) and digits. */
export function nameWords(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []);
}

/** The names derived from a project name; throws a StartProjectError for a name that cannot be kept as given. */
export function projectNames(name: string): ProjectNames {
  if (!VALID_NAME.test(name) || name.length > MAX_NAME) {
    throw new StartProjectError(
      `invalid project name "${name}": use letters, digits, "-", "_" and "." (at most ${MAX_NAME}), starting with a letter, e.g. MyIOC-Test`,
    );
  }
  const packageName = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  let className = nameWords(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('');
  if (TAKEN.has(className) || className in globalThis) className += 'Ioc';
  const exampleDevice = `${name.toUpperCase().replace(/\./g, '-')}-001`;
  return { name, packageName, className, appClassName: `${className}App`, exampleDevice };
}
