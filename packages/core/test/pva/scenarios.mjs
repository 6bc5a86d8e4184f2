/**
 * What the pvxs tools are asked, in order, when conversations are captured (capture-pvxs.mjs)
 * and replayed (pvxs-replay.test.ts). State carries over from one scenario to the next.
 */
const names = ['P:ai', 'P:ao', 'P:li', 'P:lo', 'P:bi', 'P:bo', 'P:mbbi', 'P:mbbo', 'P:si', 'P:so', 'P:wf', 'P:wff', 'P:wfs', 'P:wfl', 'P:wfc', 'P:wfstr', 'P:calc', 'P:ao.EGU', 'P:ao.PREC',
  'P:i64', 'P:wfuc', 'P:wful', 'P:wf.NELM', 'P:ao.SCAN', 'P:lo.HOPR', 'P:bo.ZNAM'];

export const SCENARIOS = [
  ...names.map((n) => ({ name: `get ${n}`, steps: [{ tool: 'pvxget', args: [n] }] })),
  { name: 'info', steps: [{ tool: 'pvxinfo', args: ['P:ao'] }, { tool: 'pvxinfo', args: ['P:mbbo'] }, { tool: 'pvxinfo', args: ['P:wfs'] }] },
  { name: 'get record[process=true]', steps: [{ tool: 'pvxget', args: ['-r', 'record[process=true]', 'P:count'] }] },
  {
    name: 'put record[process=true]',
    steps: [
      { tool: 'pvxput', args: ['-r', 'record[process=true]', 'P:count.A', '5'] },
      { tool: 'pvxput', args: ['-r', 'record[process=true]', 'P:count', '7'] },
      { tool: 'pvxput', args: ['-r', 'record[block=true,process=true]', 'P:count', '20'] },
    ],
  },
  { name: 'get after put record[process=true]', steps: [{ tool: 'pvxget', args: ['P:count'] }] },
  {
    name: 'put record[process=false]',
    steps: [
      { tool: 'pvxput', args: ['P:ao', '8.75'] },
      { tool: 'pvxput', args: ['-r', 'record[process=false]', 'P:ao', '1.25'] },
    ],
  },
  { name: 'get after put record[process=false]', steps: [{ tool: 'pvxget', args: ['P:ao'] }] },
  { name: 'get -F tree', steps: [{ tool: 'pvxget', args: ['-F', 'tree', 'P:wfc'] }] },
  { name: 'get field(value)', steps: [{ tool: 'pvxget', args: ['-r', 'field(value)', 'P:ao'] }] },
  { name: 'get field(value,alarm)', steps: [{ tool: 'pvxget', args: ['-r', 'field(value,alarm)', 'P:lo'] }] },
  {
    name: 'puts',
    steps: [
      { tool: 'pvxput', args: ['P:ao', '2.5'] },
      { tool: 'pvxput', args: ['P:lo', '9'] },
      { tool: 'pvxput', args: ['P:so', 'new text'] },
      { tool: 'pvxput', args: ['P:mbbo', 'value.index=1'] },
      { tool: 'pvxput', args: ['P:bo', 'value.index=0'] },
      { tool: 'pvxput', args: ['-r', 'record[block=true]', 'P:ao', '3.75'] },
      { tool: 'pvxput', args: ['P:wfuc', '[1,200,3]'] },
      { tool: 'pvxput', args: ['P:i64', '99'] },
    ],
  },
  ...['P:ao', 'P:lo', 'P:calc', 'P:so', 'P:mbbo', 'P:bo', 'P:wfuc', 'P:i64'].map((n) => ({ name: `get after puts ${n}`, steps: [{ tool: 'pvxget', args: [n] }] })),
  {
    name: 'monitor',
    steps: [
      { tool: 'pvxmonitor', args: ['P:lo'], background: true, waitFor: 'P:lo' },
      { tool: 'pvxput', args: ['P:lo', '11'] },
      { tool: 'pvxput', args: ['P:lo', '12'] },
    ],
  },
  {
    name: 'pipelined monitor',
    steps: [
      { tool: 'pvxmonitor', args: ['-r', 'record[pipeline=true,queueSize=4]', 'P:ao'], background: true, waitFor: 'P:ao' },
      { tool: 'pvxput', args: ['P:ao', '4.5'] },
      { tool: 'pvxput', args: ['P:ao', '5.5'] },
      { tool: 'pvxput', args: ['P:ao', '6.5'] },
    ],
  },
  // pvAccessCPP's tools: pvRequests sent through the type cache (0xFD define, then 0xFE refer).
  { name: 'pvAccessCPP get', steps: [{ tool: 'pvget', args: ['P:ao', 'P:mbbo', 'P:wf', 'P:so'] }] },
  { name: 'pvAccessCPP get -r', steps: [{ tool: 'pvget', args: ['-r', 'field(value,alarm)', 'P:lo'] }] },
  { name: 'pvAccessCPP info', steps: [{ tool: 'pvinfo', args: ['P:ai'] }] },
  { name: 'pvAccessCPP put', steps: [{ tool: 'pvput', args: ['P:ao', '8.5'] }, { tool: 'pvput', args: ['P:mbbo', 'zero'] }, { tool: 'pvput', args: ['P:wf', '2', '1.5', '2.5'] }] },
  {
    name: 'pvAccessCPP monitor',
    steps: [
      { tool: 'pvmonitor', args: ['P:lo'], background: true, waitFor: 'P:lo' },
      { tool: 'pvput', args: ['P:lo', '21'] },
    ],
  },
  // "@server" is the address of the server the tools reach (the capture proxy, then devioc).
  { name: 'list', steps: [{ tool: 'pvxlist', args: ['@server'] }] },
  { name: 'unknown channel', steps: [{ tool: 'pvxget', args: ['-w', '1', 'P:nosuch'] }] },
];
