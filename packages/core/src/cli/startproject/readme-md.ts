import { binBuilt, binSource, installDir, type ProjectContext, unitFile } from './context.js';

const fence = '```';

/** README.md: running it, its records, developing it and deploying it. */
export const readmeMd = (c: ProjectContext): string => {
  const dev = c.exampleDevice;
  const fileCore = c.coreSpec.startsWith('file:');
  return `# ${c.name}

An EPICS soft IOC written in TypeScript with [devioc](https://www.npmjs.com/package/@devioc/core):
its records are served over Channel Access by devioc's own CA server, in this process. No EPICS
base is needed to run it; any CA client (caget, pyepics, CS-Studio, \`devioc get\`) can talk to it.

## Running it

Node.js 20.17 or newer.

${fence}sh
npm install
npm start -- --device ${dev}          # builds, then serves ${dev}:enum, ${dev}:calc, ...
${fence}

\`npm start\` compiles \`src/\` to \`dist/\` (\`npm run build\`) and runs \`${binBuilt(c)}\`; once built,
\`node ${binBuilt(c)} --device ${dev}\` does the same. Options:

| option | |
| --- | --- |
| \`-d, --device <name>\` | the device name, the prefix of every PV (required) |
| \`-v, --verbose\` | debug logging |
| \`--log-file <path>\` | also log to a file, rotated at 1 MB, keeping 10 old ones (\`<path>.1\` ...) |
| \`-h, --help\`, \`-V, --version\` | |

The log goes to stderr, coloured on a terminal and plain when piped. Ctrl-C (SIGINT) or SIGTERM
shut the IOC down cleanly. The CA server follows the usual environment: \`EPICS_CAS_SERVER_PORT\`
(else \`EPICS_CA_SERVER_PORT\`, else 5064), \`EPICS_CAS_INTF_ADDR_LIST\`, \`EPICS_CAS_BEACON_ADDR_LIST\`,
\`EPICS_CAS_AUTO_BEACON_ADDR_LIST\`; \`DEVIOC_LOG_LEVEL\` sets the log level.

From another terminal:

${fence}sh
npx devioc get ${dev}:calc
npx devioc put ${dev}:intval 3
npx devioc put ${dev}:toggle 1          # the app advances ${dev}:enum
npx devioc monitor ${dev}:enum
npx devioc put ${dev}:floatval 2.5
npx devioc get ${dev}:floatout         # 5: the app's RxJS pipeline doubled it
${fence}

## Records

Every record is served as \`<device>:<name>\`, and each of its fields as \`<device>:<name>.FIELD\`
(\`${dev}:floatval.PREC\`, \`${dev}:calc.CALC\`, ...).

| name | EPICS record | what it is |
| --- | --- | --- |
| \`enum\` | mbbo | Enum Test: ZERO, ONE, TWO |
| \`toggle\` | bo | Toggle Test: a put of 1 returns to 0 after 0.1 s; the app then advances \`enum\` |
| \`sstring\` | stringout | Short String Test, up to 20 characters |
| \`lstring\` | waveform of CHAR | Long String Test, up to 512 characters |
| \`intval\` | longout | Int Test, -1000 to 1000 |
| \`floatval\` | ao | Float Test, 1e-6 to 1e6, 5 decimals |
| \`floatout\` | ao | Test Float Output: twice \`floatval\`, 100 ms after \`floatval\` last changed (the app's RxJS pipeline) |
| \`intarray\` | waveform of LONG | Int Array Test, 16 elements |
| \`floatarray\` | waveform of FLOAT | Float Array Test, 16 elements |
| \`calc\` | calc | Calc Test: A+B, \`intval + floatval\`, recomputed when either changes |

## Developing it

| file | |
| --- | --- |
| \`src/ioc.ts\` | the model (\`${c.className}\`: the records) and the app (\`${c.appClassName}\`: the behaviour) |
| \`${binSource(c)}\` | the command: options, logging, start and clean shutdown |
| \`${unitFile(c)}\` | the systemd unit |

Records are fields of the model, declared with the builders of \`models\`, each named after its
field; behaviour is \`do_<record>(record, value, ioc)\` methods on the app, called on every change
of that record (or \`onUpdate\` where the record is declared). Every record is also an RxJS
stream (\`value$\`, \`changes$\`, \`updates$\`); the app's \`start()\` runs a pipeline over them:

${fence}ts
this.#pipeline = this.ioc.floatval.changes$
  .pipe(
    debounceTime(100),
    map((value) => value * 2),
  )
  .subscribe((value) => void this.ioc.floatout.put(value));
${fence}

\`rxjs\` is a dependency of the project, so any operator can be imported from it.
The whole model API (record options, \`put(value, { wait, soft, quiet, force })\`, RxJS streams,
remote PVs, validation) is documented in @devioc/core's README.

## Deploying with systemd

\`${unitFile(c)}\` is a template unit: one instance per device, the instance name being the
device name. Each instance runs as its own unprivileged user (\`DynamicUser\`) in its own working
directory, \`/var/lib/${c.name}/<device>\`, logs to the journal, is restarted if it fails, and is
stopped with SIGTERM (a clean shutdown). No terminal, procServ or \`reset\` is involved.

1. Install the built project in \`${installDir(c)}\` (the path the unit runs; edit \`ExecStart\` to use
   another, or the absolute path of \`node\` if it is not on systemd's PATH):

   ${fence}sh
   npm run build
   sudo mkdir -p ${installDir(c)}
   sudo cp -r package.json package-lock.json README.md dist ${installDir(c)}/
   (cd ${installDir(c)} && sudo npm ci --omit=dev)
   ${fence}
${
  fileCore
    ? `
   This project depends on devioc through \`"@devioc/core": "${c.coreSpec}"\` (a devioc source checkout):
   that directory must exist, built, on the host; or change it to a published version first.
`
    : ''
}
2. Install the unit and start an instance per device:

   ${fence}sh
   sudo cp ${unitFile(c)} /etc/systemd/system/
   sudo systemctl daemon-reload
   sudo systemctl enable --now ${c.name}@${dev}
   systemctl status ${c.name}@${dev}
   journalctl -u ${c.name}@${dev} -f
   ${fence}

3. Per-device settings, if any, go in \`/etc/${c.name}/<device>.env\` (read at each start):

   ${fence}sh
   EPICS_CAS_SERVER_PORT=5064
   EPICS_CAS_INTF_ADDR_LIST=10.0.0.5
   IOC_ARGS=--verbose --log-file ioc.log
   ${fence}

   then \`sudo systemctl restart ${c.name}@${dev}\`.
`;
};
