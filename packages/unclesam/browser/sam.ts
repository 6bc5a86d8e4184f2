/**
 * The SAM screen of UncleSAM: what the original EDM operator screen shows (connection, status,
 * health, LN2, last operation, enable; arm position, sample and magnet state, prefetched,
 * current port, pins mounted; the command buttons; the error and "needs" flags; inputs and
 * outputs; the three cassettes with their 96 ports coloured by state; parameters and timers;
 * the log), live over pvws. The device prefix comes from the script URL (?device=NAME).
 */
import { choiceButtons, commandButton, Connection, el, entry, formatValue, isDisconnected, KIT_CSS, led, readback, type PvValue } from '@devioc/web/kit';

const device = new URL(import.meta.url).searchParams.get('device') ?? 'SAM';
const pv = (suffix: string): string => `${device}:${suffix}`;

const PORT_STATES: Record<string, string> = { u: 'unknown', '0': 'empty', '1': 'sample', m: 'mounted', j: 'jammed', b: 'bad', '-': 'none' };
const HOLDERS: Record<string, string> = { u: 'unknown', '0': 'absent', '1': 'cassette', '2': 'calibration', '3': 'puck adaptor', X: 'bad', '-': 'none' };

const CSS = `${KIT_CSS}
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; padding: 12px; }
.panel { background: #fff; border-radius: 6px; padding: 8px 12px; box-shadow: 0 1px 2px #0002; }
.panel h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #2b5fb4; margin: 2px 0 8px; }
.kv { display: grid; grid-template-columns: 10em 1fr; gap: 4px 8px; align-items: center; }
.kv label { color: #5d6475; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.buttons button.command { padding: 5px 14px; font-weight: 600; }
.flags { display: grid; grid-template-columns: 1fr 1fr; gap: 3px 10px; }
.flag { display: flex; gap: 6px; align-items: center; }
.wide { grid-column: 1 / -1; }
.cassettes { display: flex; gap: 14px; flex-wrap: wrap; }
.cassette h3 { font-size: 13px; margin: 0 0 4px; }
.grid { display: grid; grid-template-columns: 1.2em repeat(12, 17px); gap: 2px; font-size: 10px; color: #5d6475; }
.port { width: 17px; height: 15px; border-radius: 3px; border: 1px solid #0003; }
.port.unknown { background: #d9dce3; } .port.empty { background: #fff; } .port.sample { background: #3b82f6; }
.port.mounted { background: #22c55e; } .port.jammed { background: #ef4444; } .port.bad { background: #a21caf; }
.port.none { background: transparent; border-color: transparent; }
.legend { display: flex; gap: 10px; font-size: 11px; margin-top: 6px; flex-wrap: wrap; }
.legend .port { display: inline-block; vertical-align: middle; }
pre.log { white-space: pre-wrap; font-size: 12px; background: #10141c; color: #d6deeb; padding: 8px; border-radius: 4px; max-height: 12em; overflow: auto; margin: 6px 0 0; }
`;

function kv(conn: Connection, rows: [string, string][]): HTMLElement {
  const box = el('div', { class: 'kv' });
  for (const [label, suffix] of rows) box.append(el('label', {}, label), readback(conn, pv(suffix)));
  return box;
}

const panel = (title: string, ...children: (Node | string)[]): HTMLElement => el('div', { class: 'panel' }, el('h2', {}, title), ...children);

function flags(conn: Connection, items: [string, string][]): HTMLElement {
  const box = el('div', { class: 'flags' });
  for (const [label, suffix] of items) box.append(el('span', { class: 'flag' }, led(conn, pv(suffix)), label));
  return box;
}

/** The 96 ports of one cassette (columns A–L, rows 1–8; index = column × 8 + row − 1). */
function cassette(conn: Connection, position: 0 | 1 | 2, name: string): HTMLElement {
  const grid = el('div', { class: 'grid' });
  const cells: HTMLElement[] = [];
  grid.append(el('span'));
  for (let c = 0; c < 12; c++) grid.append(el('span', {}, String.fromCharCode(65 + c)));
  for (let row = 1; row <= 8; row++) {
    grid.append(el('span', {}, String(row)));
    for (let c = 0; c < 12; c++) {
      const index = c * 8 + row - 1;
      const cell = el('span', { class: 'port unknown', 'data-port': `${name[0]!.toLowerCase()}${String.fromCharCode(65 + c)}${row}` });
      cells[index] = cell;
      grid.append(cell);
    }
  }
  const title = el('h3', {}, name);
  conn.watch(pv('PORTS'), (v: PvValue) => {
    const text = isDisconnected(v) ? '' : formatValue(v);
    const block = text.slice(position * 97, position * 97 + 97);
    title.textContent = `${name}: ${HOLDERS[block[0] ?? 'u'] ?? 'unknown'}`;
    for (let i = 0; i < 96; i++) {
      const state = PORT_STATES[block[1 + i] ?? 'u'] ?? 'unknown';
      cells[i]!.className = `port ${state}`;
      cells[i]!.title = `${cells[i]!.dataset.port}: ${state}`;
    }
  });
  return el('div', { class: 'cassette', 'data-cassette': name.toLowerCase() }, title, grid);
}

function main(): void {
  document.head.append(el('style', {}, CSS));
  const status = el('span', {}, 'connecting…');
  document.body.append(el('header', {}, el('h1', {}, `SAM Automounter ${device}`), status));
  const conn = new Connection();
  conn.onState = (connected) => (status.textContent = connected ? 'connected' : 'disconnected');
  const errors = el('span', { class: 'errors' });
  conn.onError = (message) => (errors.textContent = message);

  const robot = panel(
    'Robot',
    kv(conn, [
      ['Connection', 'CONNECTED'],
      ['Status', 'STATUS'],
      ['Health', 'HEALTH'],
      ['Cryo (LN2)', 'STATE:LN2'],
      ['Last operation', 'STATE:TASK'],
    ]),
    el('div', { class: 'kv' }, el('label', {}, 'Control'), choiceButtons(conn, pv('ENABLED'))),
  );
  const sample = panel(
    'Sample',
    kv(conn, [
      ['Arm position', 'STATE:POS'],
      ['Sample', 'STATE:SAMPLE'],
      ['Magnet', 'STATE:DUMBBELL'],
      ['Prefetched', 'STATE:PREFETCHED'],
      ['Current port', 'STATE:PORT'],
      ['Pins mounted', 'STATE:PINMOUNTED'],
      ['Pins lost', 'STATE:PINLOST'],
    ]),
  );
  const commands = panel(
    'Commands',
    el('div', { class: 'kv' }, el('label', {}, 'Next port'), el('span', {}, readback(conn, pv('PARAM:NEXTPORT')), ' ', entry(conn, pv('PARAM:NEXTPORT')))),
    el(
      'div',
      { class: 'buttons' },
      commandButton(conn, pv('CMD:mount'), 'Mount'),
      commandButton(conn, pv('CMD:dismount'), 'Dismount'),
      commandButton(conn, pv('CMD:prefetch'), 'Prefetch'),
      commandButton(conn, pv('CMD:abort'), 'Abort'),
      commandButton(conn, pv('CMD:dry'), 'Soak / Dry'),
      commandButton(conn, pv('CMD:standby'), 'Home'),
      commandButton(conn, pv('CMD:probe'), 'Probe'),
      commandButton(conn, pv('CMD:clearAll'), 'Clear All'),
    ),
    el('div', { class: 'kv' }, el('label', {}, 'Message'), readback(conn, pv('MESSAGE'))),
    errors,
  );
  const status2 = panel(
    'Errors and needs',
    el('div', { class: 'kv' }, el('label', {}, 'Status flags'), readback(conn, pv('STATE:FLAGS'))),
    el('div', { class: 'kv' }, el('label', {}, 'Error'), readback(conn, pv('ERROR'))),
    el('div', { class: 'kv' }, el('label', {}, 'Warning'), readback(conn, pv('STATE:WRN'))),
    flags(conn, [
      ['Needs reset', 'STATE:NEEDRESET'],
      ['Needs calibration', 'STATE:NEEDCAL'],
      ['Needs inspection (clear)', 'STATE:NEEDCLEAR'],
      ['Toolset calibration', 'STATE:NEEDMAGCAL'],
      ['Cassette calibration', 'STATE:NEEDCASCAL'],
      ['Manual mode', 'STATE:MANUAL'],
    ]),
  );
  const io = panel(
    'Inputs and outputs',
    flags(conn, [
      ['Gripper open', 'INP:gripperOpen'],
      ['Gripper closed', 'INP:gripperClosed'],
      ['Lid open', 'INP:lidOpen'],
      ['Lid closed', 'INP:lidClosed'],
      ['Heater hot', 'INP:heaterHot'],
      ['Gonio ready', 'INP:gonioReady'],
      ['Gripper (out)', 'OUT:gripper'],
      ['Lid (out)', 'OUT:lid'],
      ['Heater (out)', 'OUT:heater'],
      ['Dryer air (out)', 'OUT:dryAir'],
    ]),
    kv(conn, [
      ['Input word', 'STATE:INP'],
      ['Output word', 'STATE:OUT'],
      ['Approach', 'STATE:APPROACH'],
    ]),
  );
  const legend = el(
    'div',
    { class: 'legend' },
    ...Object.values(PORT_STATES)
      .filter((s) => s !== 'none')
      .map((s) => el('span', {}, el('span', { class: `port ${s}` }), ` ${s}`)),
  );
  const cassettes = el('div', { class: 'panel wide' }, el('h2', {}, 'Cassettes'), el('div', { class: 'cassettes' }, cassette(conn, 0, 'Left'), cassette(conn, 1, 'Middle'), cassette(conn, 2, 'Right')), legend);
  const params = panel(
    'Parameters and timers',
    kv(conn, [
      ['Reheat countdown', 'TIMER:REHEAT'],
      ['Sample countdown', 'TIMER:SAMPLES'],
      ['Reheat period', 'PARAM:REHEATPERIOD'],
      ['Max samples', 'PARAM:MAXSAMPLES'],
      ['Reheat time', 'ATTR:REHEATTIME'],
      ['Cooldown time', 'ATTR:COOLTIME'],
      ['Wash on mount', 'PARAM:WASH'],
    ]),
  );
  const logText = el('pre', { class: 'log', 'data-pv': pv('LOG') });
  conn.watch(pv('LOG'), (v) => {
    const line = isDisconnected(v) ? 'disconnected' : formatValue(v);
    if (line !== '' && logText.dataset.last !== line) {
      logText.dataset.last = line;
      logText.textContent = `${new Date().toLocaleTimeString()} [${v.severity ?? ''}] ${line}\n${logText.textContent ?? ''}`.slice(0, 20_000);
    }
  });
  const logPanel = el('div', { class: 'panel wide' }, el('h2', {}, 'Log'), el('div', { class: 'kv' }, el('label', {}, 'Task'), readback(conn, pv('STATE:TASK'))), logText);
  const mainNode = el('main', {}, robot, sample, commands, status2, io, params, cassettes, logPanel);
  document.body.append(mainNode);
  document.body.dataset.ready = 'true';
}

main();
