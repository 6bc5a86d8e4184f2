/**
 * The LUT screen: the calibration table and the fitted 255-point curve plotted (uPlot) with the
 * current input and output marked, the table editable when the server lets the page write
 * (xtable, ytable and count written together, as the IOC's edit window expects), the settings,
 * and status and message, live over pvws. The device prefix comes from the script URL
 * (?device=NAME); the input's value is read through the IOC's CA client by its name.
 */
import uPlot from 'uplot';
import { choiceButtons, commandButton, Connection, el, entry, formatValue, isDisconnected, KIT_CSS, readback, type PvValue } from '@devioc/web/kit';

const device = new URL(import.meta.url).searchParams.get('device') ?? 'LUT';
const pv = (suffix: string): string => `${device}:${suffix}`;

const CSS = `${KIT_CSS}
main { display: grid; grid-template-columns: minmax(560px, 2fr) minmax(330px, 1fr); gap: 12px; padding: 12px; }
.panel { background: #fff; border-radius: 6px; padding: 8px 12px; box-shadow: 0 1px 2px #0002; }
.panel h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: #2b5fb4; margin: 2px 0 8px; }
.kv { display: grid; grid-template-columns: 8em 1fr; gap: 5px 8px; align-items: center; }
.kv label { color: #5d6475; }
.status-line { display: flex; gap: 10px; align-items: center; margin-bottom: 6px; }
.status-line .readback { font-weight: 700; font-size: 15px; }
.message { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; }
.now { display: flex; gap: 18px; flex-wrap: wrap; margin: 4px 0 8px; font-size: 13px; }
.now b { font-family: ui-monospace, monospace; }
table.points { border-collapse: collapse; width: 100%; font-size: 13px; }
table.points th { text-align: left; color: #5d6475; font-weight: 500; padding: 2px 4px; }
table.points td { padding: 1px 4px; }
table.points input { width: 8em; font-family: ui-monospace, monospace; }
table.points tr.current td { background: #fff3d6; }
table.points input.bad { background: #ffd1d1; }
.table-box { max-height: 420px; overflow: auto; }
.edit-buttons { display: flex; gap: 6px; margin-top: 8px; align-items: center; }
.edit-buttons button { padding: 4px 12px; }
#edit-state { font-size: 12px; color: #5d6475; }
body:not([data-editable="true"]) .edit-only { display: none; }
.col > .panel + .panel { margin-top: 12px; }
.legend-line { font-size: 12px; color: #5d6475; margin-top: 4px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin: 0 4px 0 10px; vertical-align: middle; }
`;

const panel = (title: string, ...children: (Node | string)[]): HTMLElement => el('div', { class: 'panel' }, el('h2', {}, title), ...children);

const numbers = (v: PvValue | undefined): number[] => (v !== undefined && !isDisconnected(v) && Array.isArray(v.value) ? v.value : []);
const scalar = (v: PvValue | undefined): number | undefined => (v !== undefined && !isDisconnected(v) && typeof v.value === 'number' ? v.value : undefined);

/** The table as the IOC has it: the first `count` points of xtable/ytable. */
function tableOf(conn: Connection): { x: number[]; y: number[] } {
  const x = numbers(conn.value(pv('xtable')));
  const y = numbers(conn.value(pv('ytable')));
  const count = scalar(conn.value(pv('count'))) ?? Math.min(x.length, y.length);
  const n = Math.max(0, Math.min(count, x.length, y.length));
  return { x: x.slice(0, n), y: y.slice(0, n) };
}

/** The current point on f: (x + xoff, output − yoff), or undefined while any part is unknown. */
function currentPoint(conn: Connection, input: string): { x: number; y: number } | undefined {
  const x = input === '' ? undefined : scalar(conn.value(input));
  const xoff = scalar(conn.value(pv('xoff'))) ?? 0;
  const yoff = scalar(conn.value(pv('yoff'))) ?? 0;
  const out = scalar(conn.value(pv('output')));
  if (x === undefined || out === undefined || !Number.isFinite(out)) return undefined;
  return { x: x + xoff, y: out - yoff };
}

function curvePlot(conn: Connection, inputName: () => string): { node: HTMLElement; draw: () => void } {
  const node = el('div', { class: 'plot', id: 'curve' });
  let plot: uPlot | undefined;
  const draw = (): void => {
    const xf = numbers(conn.value(pv('xfine')));
    const yf = numbers(conn.value(pv('yfine')));
    const n = Math.min(xf.length, yf.length);
    const table = tableOf(conn);
    const now = currentPoint(conn, inputName());
    const tables: uPlot.AlignedData[] = [
      [xf.slice(0, n), yf.slice(0, n)],
      [table.x, table.y],
      now === undefined ? [[], []] : [[now.x], [now.y]],
    ];
    const data = uPlot.join(tables);
    node.dataset.points = String(table.x.length);
    node.dataset.fine = String(n);
    node.dataset.current = now === undefined ? '' : `${now.x},${now.y}`;
    if (plot === undefined) {
      plot = new uPlot(
        {
          width: 780,
          height: 360,
          scales: { x: { time: false } },
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          series: [
            {},
            { label: 'fitted curve (255 points)', stroke: '#1f77b4', width: 2, spanGaps: true, points: { show: false } },
            { label: 'table', stroke: '#111827', fill: '#fff', width: 1.5, paths: () => null, points: { show: true, size: 8, width: 1.5 } },
            { label: 'now', stroke: '#dc2626', paths: () => null, points: { show: true, size: 13, width: 2, fill: '#dc2626' } },
          ],
        },
        data,
        node,
      );
    } else plot.setData(data);
  };
  return { node, draw };
}

/** The editable table: rows of x and y, add/delete, Apply writes xtable, ytable and count. */
function tableEditor(conn: Connection, onEdit: () => void): { node: HTMLElement; refresh: () => void; markCurrent: (x: number | undefined) => void } {
  const body = el('tbody');
  const state = el('span', { id: 'edit-state' });
  let dirty = false;
  let editable = false;

  const rows = (): HTMLTableRowElement[] => [...body.querySelectorAll('tr')];
  const setDirty = (d: boolean, text = ''): void => {
    dirty = d;
    state.textContent = d ? 'edited: Apply sends it to the IOC' : text;
  };

  const addRow = (x: string, y: string): void => {
    const i = rows().length;
    const cell = (col: 'x' | 'y', value: string): HTMLElement => {
      const input = el('input', { 'data-row': String(i), 'data-col': col, value, inputmode: 'decimal' });
      input.disabled = !editable;
      input.addEventListener('input', () => {
        input.classList.toggle('bad', !Number.isFinite(Number(input.value)) || input.value.trim() === '');
        setDirty(true);
      });
      return el('td', {}, input);
    };
    const del = el('button', { type: 'button', class: 'edit-only', title: 'delete this point' }, '×');
    const tr = el('tr', {}, el('td', {}, String(i)), cell('x', x), cell('y', y), el('td', {}, del));
    del.addEventListener('click', () => {
      tr.remove();
      rows().forEach((r, k) => (r.firstElementChild!.textContent = String(k)));
      setDirty(true);
    });
    body.append(tr);
  };

  const refresh = (): void => {
    editable = !isDisconnected(conn.value(pv('xtable'))) && conn.value(pv('xtable'))?.readonly === false;
    document.body.dataset.editable = String(editable);
    if (dirty) return; // never overwrite what the operator is typing
    body.replaceChildren();
    const t = tableOf(conn);
    t.x.forEach((x, i) => addRow(String(x), String(t.y[i])));
    for (const input of body.querySelectorAll('input')) input.disabled = !editable;
  };

  const add = el('button', { type: 'button', id: 'add-point', class: 'edit-only' }, 'Add point');
  add.addEventListener('click', () => {
    const last = rows().at(-1)?.querySelector<HTMLInputElement>('input[data-col="x"]');
    addRow(last ? String(Number(last.value) + 1) : '0', '0');
    setDirty(true);
  });
  const apply = el('button', { type: 'button', id: 'apply', class: 'edit-only' }, 'Apply');
  apply.addEventListener('click', () => {
    const read = (col: string): number[] => [...body.querySelectorAll<HTMLInputElement>(`input[data-col="${col}"]`)].map((i) => Number(i.value));
    const x = read('x');
    const y = read('y');
    if (![...x, ...y].every(Number.isFinite) || body.querySelector('input.bad')) {
      state.textContent = 'every x and y must be a number';
      return;
    }
    // The IOC applies xtable, ytable and count together (its edit window): one move of the target.
    conn.write(pv('xtable'), x.length > 0 ? x : [0]);
    conn.write(pv('ytable'), y.length > 0 ? y : [0]);
    conn.write(pv('count'), x.length);
    setDirty(false, `sent ${x.length} points; the IOC checks, fits and saves them (see status)`);
    onEdit();
  });
  const revert = el('button', { type: 'button', id: 'revert', class: 'edit-only' }, 'Revert');
  revert.addEventListener('click', () => {
    setDirty(false);
    refresh();
  });

  const markCurrent = (x: number | undefined): void => {
    const xs = rows().map((r) => Number(r.querySelector<HTMLInputElement>('input[data-col="x"]')?.value));
    let best = -1;
    if (x !== undefined) for (let i = 0; i < xs.length; i++) if (best === -1 || Math.abs(xs[i]! - x) < Math.abs(xs[best]! - x)) best = i;
    rows().forEach((r, i) => r.classList.toggle('current', i === best));
  };

  const node = el(
    'div',
    {},
    el('div', { class: 'table-box' }, el('table', { class: 'points' }, el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'x'), el('th', {}, 'y'), el('th'))), body)),
    el('div', { class: 'edit-buttons' }, add, apply, revert, state),
  );
  return { node, refresh, markCurrent };
}

function main(): void {
  document.title = `LUT ${device}`;
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.append(style);
  const conn = new Connection();
  const connState = el('span', { id: 'connection' }, 'connecting…');
  conn.onState = (up) => (connState.textContent = up ? 'connected' : 'disconnected');
  document.body.append(el('header', {}, el('h1', {}, `Look-up table ${device}`), connState));

  let input = '';
  const inputValue = el('b', { id: 'input-value' }, '…');
  const outputValue = el('b', { id: 'output-value' }, '…');
  const plot = curvePlot(conn, () => input);
  const editor = tableEditor(conn, () => plot.draw());

  const redraw = (): void => {
    plot.draw();
    editor.markCurrent(currentPoint(conn, input)?.x);
    const x = input === '' ? undefined : conn.value(input);
    inputValue.textContent = input === '' ? '(no input PV)' : formatValue(x);
    outputValue.textContent = formatValue(conn.value(pv('output')));
  };
  for (const s of ['xfine', 'yfine', 'output', 'xoff', 'yoff']) conn.watch(pv(s), redraw);
  for (const s of ['xtable', 'ytable', 'count']) {
    conn.watch(pv(s), () => {
      editor.refresh();
      redraw();
    });
  }
  // Follow the input PV by name: a new name is watched, updates of the old one are ignored.
  conn.watch(pv('input'), (v) => {
    const name = isDisconnected(v) ? input : formatValue(v).trim();
    if (name === input) return;
    input = name;
    if (name !== '') conn.watch(name, () => name === input && redraw());
    redraw();
  });

  const status = panel(
    'Status',
    el('div', { class: 'status-line' }, readback(conn, pv('status'))),
    el('div', { class: 'message' }, readback(conn, pv('message'))),
    el('div', { class: 'kv', style: 'margin-top:8px' }, el('label', {}, 'Table file'), readback(conn, pv('file'))),
  );
  const curve = panel(
    'Table and fitted curve',
    el('div', { class: 'now' }, el('span', {}, 'input x = ', inputValue), el('span', {}, 'output y = ', outputValue)),
    plot.node,
    el(
      'div',
      { class: 'legend-line' },
      el('span', { class: 'dot', style: 'background:#1f77b4' }),
      'fitted curve f (255 points)',
      el('span', { class: 'dot', style: 'background:#fff;border:1.5px solid #111827' }),
      'table points',
      el('span', { class: 'dot', style: 'background:#dc2626' }),
      'now: (x + xoff, output − yoff)',
    ),
  );
  const settings = panel(
    'Settings',
    el(
      'div',
      { class: 'kv' },
      el('label', {}, 'Input PV'), el('span', {}, readback(conn, pv('input')), ' ', entry(conn, pv('input'))),
      el('label', {}, 'Target PV'), el('span', {}, readback(conn, pv('target')), ' ', entry(conn, pv('target'))),
      el('label', {}, 'Readback PV'), el('span', {}, readback(conn, pv('readback')), ' ', entry(conn, pv('readback'))),
      el('label', {}, 'x offset'), el('span', {}, readback(conn, pv('xoff')), ' ', entry(conn, pv('xoff'))),
      el('label', {}, 'y offset'), el('span', {}, readback(conn, pv('yoff')), ' ', entry(conn, pv('yoff'))),
      el('label', {}, 'Fit'), choiceButtons(conn, pv('fit')),
      el('label', {}, 'Degree (POLY)'), el('span', {}, readback(conn, pv('degree')), ' ', entry(conn, pv('degree'))),
      el('label', {}, 'Outside'), choiceButtons(conn, pv('range')),
      el('label', {}, 'Write target'), choiceButtons(conn, pv('enable')),
    ),
    el(
      'div',
      { class: 'edit-buttons' },
      commandButton(conn, pv('new'), 'New point here'),
      commandButton(conn, pv('null'), 'Null'),
      commandButton(conn, pv('save'), 'Save'),
      commandButton(conn, pv('load'), 'Reload file'),
    ),
  );
  const table = panel('Table (x strictly increasing)', editor.node);
  document.body.append(el('main', {}, el('div', { class: 'col' }, curve, table), el('div', { class: 'col' }, status, settings)));
  document.body.dataset.ready = 'true';
}

main();
