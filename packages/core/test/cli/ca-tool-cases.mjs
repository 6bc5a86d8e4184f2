/**
 * The PVs and the command lines of the CLI format tests, shared by the capture script (which runs
 * EPICS base's caget/caput/camonitor/cainfo) and the test (which runs `devioc get/put/monitor/info`)
 * so that both see exactly the same server and the same commands.
 */

const META = {
  units: 'mm', precision: 3, upperDisplay: 10, lowerDisplay: -10, upperAlarm: 9, upperWarning: 5,
  lowerWarning: -5, lowerAlarm: -9, upperControl: 8, lowerControl: -8,
};
const HIGH = 4;
const MINOR = 1;

/** The PVs served (MemoryPvDefinition[] plus an optional initial alarm). */
export const pvDefinitions = () => [
  { name: 'F:double', type: 'double', value: 1.5, meta: META },
  { name: 'F:float', type: 'float', value: 2.25, meta: META },
  { name: 'F:long', type: 'long', value: -123456, meta: { ...META, precision: 0 } },
  { name: 'F:short', type: 'short', value: -1234, meta: META },
  { name: 'F:char', type: 'char', value: 65, meta: META },
  { name: 'F:enum', type: 'enum', value: 1, meta: { enumStrings: ['ZERO', 'ONE', 'TWO'] } },
  { name: 'F:string', type: 'string', value: 'hello world' },
  { name: 'F:alarm', type: 'double', value: 6, meta: META, alarm: { status: HIGH, severity: MINOR } },
  { name: 'F:darr', type: 'double', count: 10, value: [1, 2.5, 3, 4, 5], meta: META },
  { name: 'F:larr', type: 'long', count: 4, value: [10, -20, 30, -40], meta: META },
  { name: 'F:sarr', type: 'string', count: 3, value: ['a', 'b c', 'd'] },
  { name: 'F:lstr', type: 'char', count: 64, value: Array.from(Buffer.from('say "hi"\tthere\\now')) },
  { name: 'F:negchar', type: 'char', value: 200, meta: META },
  { name: 'F:big', type: 'double', value: 12345678.9, meta: META },
  { name: 'F:small', type: 'double', value: 0.000012345, meta: META },
  { name: 'F:ro', type: 'double', value: 7, meta: META, readOnly: true },
  { name: 'F:empty', type: 'double', count: 8, value: [], meta: META },
];

const scalars = ['F:double', 'F:float', 'F:long', 'F:short', 'F:char', 'F:enum', 'F:string'];
const families = ['', 'STS_', 'TIME_', 'GR_', 'CTRL_'];
const typeNames = { 'F:double': 'DOUBLE', 'F:float': 'FLOAT', 'F:long': 'LONG', 'F:short': 'SHORT', 'F:char': 'CHAR', 'F:enum': 'ENUM', 'F:string': 'STRING' };

/**
 * Each case: `tool` (caget | caput | camonitor | cainfo), `args`, and for camonitor the `updates`
 * to apply once it printed `initialLines`, and the number of lines to wait for (`lines`).
 */
export const cases = () => {
  const out = [];
  const get = (...args) => out.push({ tool: 'caget', args });
  for (const pv of [...scalars, 'F:alarm', 'F:darr', 'F:larr', 'F:sarr', 'F:lstr', 'F:negchar', 'F:big', 'F:small', 'F:empty']) {
    get(pv);
    get('-t', pv);
    get('-a', pv);
  }
  for (const pv of scalars) {
    for (const f of families) get('-d', `DBR_${f}${typeNames[pv]}`, pv);
  }
  get('-d', 'DBR_CTRL_DOUBLE', 'F:alarm');
  get('-d', 'DBR_CTRL_DOUBLE', 'F:darr');
  get('-d', 'DBR_GR_LONG', 'F:larr');
  get('-d', 'CTRL_ENUM', 'F:enum');
  get('-d', 'DBR_STRING', 'F:double');
  get('-d', '34', 'F:long');
  get('-d', 'DBR_CTRL_CHAR', 'F:negchar');
  get('-d', 'DBR_CLASS_NAME', 'F:double');
  get('-d', 'DBR_STSACK_STRING', 'F:alarm');
  get('-n', 'F:enum');
  get('-n', '-d', 'DBR_GR_ENUM', 'F:enum');
  get('-a', '-n', 'F:enum');
  get('-#', '3', 'F:darr');
  get('-#', '1', 'F:darr');
  get('-c', 'F:darr');
  get('-c', 'F:empty');
  get('-c', '-#', '2', 'F:larr');
  get('-S', 'F:lstr');
  get('-S', '-t', 'F:lstr');
  get('-S', '-a', 'F:lstr');
  get('-f3', 'F:double');
  get('-e', '2', 'F:big');
  get('-g10', 'F:big');
  get('-s', 'F:double');
  get('-F,', 'F:darr');
  get('-F,', '-a', 'F:alarm');
  get('F:double', 'F:enum', 'F:darr', 'F:string');
  get('-t', 'F:double', 'F:long');
  get('-w', '0.3', 'F:nope');
  get('-w', '0.3', 'F:double', 'F:nope');

  const info = (...args) => out.push({ tool: 'cainfo', args });
  for (const pv of [...scalars, 'F:darr', 'F:ro']) info(pv);
  info('F:double', 'F:lstr');
  info('-w', '0.3', 'F:nope');

  const put = (...args) => out.push({ tool: 'caput', args });
  put('F:double', '3.25');
  put('-t', 'F:double', '4.5');
  put('-l', 'F:double', '-2');
  put('-c', 'F:double', '5');
  put('F:enum', 'TWO');
  put('F:enum', '0');
  put('-n', 'F:enum', '2');
  put('-s', 'F:enum', '1');
  put('F:enum', 'FOUR');
  put('F:string', 'two', 'words');
  put('F:long', '-5');
  put('F:char', '66');
  put('-a', 'F:darr', '3', '7', '8', '9');
  put('-a', 'F:sarr', '2', 'x', 'y z');
  put('-S', 'F:lstr', 'new long string value');
  put('F:ro', '1');
  put('-c', '-w', '1', 'F:double', 'abc');
  put('-w', '0.3', 'F:nope', '1');

  const monitor = (args, updates, lines) => out.push({ tool: 'camonitor', args, updates, lines });
  monitor(['F:double'], [{ pv: 'F:double', value: 2 }, { pv: 'F:double', value: 3.75 }], 3);
  monitor(['F:enum'], [{ pv: 'F:enum', value: 2 }], 2);
  monitor(['-n', 'F:enum'], [{ pv: 'F:enum', value: 0 }], 2);
  monitor(['F:darr'], [{ pv: 'F:darr', value: [9, 8] }], 2);
  monitor(['-#', '2', 'F:darr'], [{ pv: 'F:darr', value: [7, 6, 5] }], 2);
  monitor(['-S', 'F:lstr'], [{ pv: 'F:lstr', value: Array.from(Buffer.from('next')) }], 2);
  monitor(['F:alarm'], [{ pv: 'F:alarm', value: 1, alarm: { status: 0, severity: 0 } }], 2);
  monitor(['-m', 'a', 'F:double'], [{ pv: 'F:double', value: 9 }, { pv: 'F:double', value: 10, alarm: { status: 3, severity: 2 } }], 2);
  monitor(['F:double', 'F:string'], [{ pv: 'F:string', value: 'changed' }], 3);
  monitor(['-w', '0.3', 'F:nope'], [], 1);
  return out;
};
