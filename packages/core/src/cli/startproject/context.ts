import type { ProjectNames } from './names.js';

/** Everything a template needs. */
export interface ProjectContext extends ProjectNames {
  /** The dependency spec of @devioc/core: `file:/path/to/packages/core` from a checkout, else `^version`. */
  coreSpec: string;
  /** The commander range (the one @devioc/core uses). */
  commanderSpec: string;
  /** The rxjs range (the one @devioc/core uses): the project imports RxJS operators itself. */
  rxjsSpec: string;
}

/** One generated file, its path relative to the project directory. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** The versions devioc itself is built with, so that an install can come from the npm cache. */
export const TYPESCRIPT_SPEC = '^5.9.3';
export const TYPES_NODE_SPEC = '^20.19.43';
export const NODE_ENGINES = '>=20.17';

/** Paths inside the generated project. */
export const binSource = (c: ProjectNames): string => `src/bin/${c.name}.ts`;
export const binBuilt = (c: ProjectNames): string => `dist/bin/${c.name}.js`;
export const unitFile = (c: ProjectNames): string => `deploy/${c.name}@.service`;
/** Where the README and the systemd unit install the project. */
export const installDir = (c: ProjectNames): string => `/opt/${c.name}`;
