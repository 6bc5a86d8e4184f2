import { binBuilt, NODE_ENGINES, type ProjectContext, TYPES_NODE_SPEC, TYPESCRIPT_SPEC } from './context.js';

/** package.json: an ESM package with a bin, `npm run build` (tsc) and `npm start` (build, then serve). */
export const packageJson = (c: ProjectContext): string =>
  `${JSON.stringify(
    {
      name: c.packageName,
      displayName: c.name,
      version: '0.1.0',
      description: `${c.name}: an EPICS soft IOC written with devioc`,
      private: true,
      type: 'module',
      engines: { node: NODE_ENGINES },
      bin: { [c.name]: binBuilt(c) },
      files: ['dist', 'deploy', 'README.md'],
      scripts: {
        build: 'tsc',
        prestart: 'npm run build',
        start: `node ${binBuilt(c)}`,
      },
      dependencies: {
        '@devioc/core': c.coreSpec,
        commander: c.commanderSpec,
        rxjs: c.rxjsSpec,
      },
      devDependencies: {
        '@types/node': TYPES_NODE_SPEC,
        typescript: TYPESCRIPT_SPEC,
      },
    },
    null,
    2,
  )}\n`;
