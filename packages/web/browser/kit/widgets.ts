/**
 * Widgets bound to PVs: each takes the connection and a PV name and keeps itself up to date,
 * coloured by alarm severity, greyed when disconnected, writable only when the server says so.
 */
import uPlot from 'uplot';
import type { Connection } from './connection.js';
import { el } from './dom.js';
import { formatValue, isDisconnected, severityClass } from './format.js';
import type { PvValue } from './pvws-types.js';

function setSeverity(node: HTMLElement, v: PvValue | undefined): void {
  node.classList.remove('sev-NONE', 'sev-MINOR', 'sev-MAJOR', 'sev-INVALID', 'sev-UNDEFINED');
  node.classList.add(severityClass(v));
}

/** The value as text, with units and precision, in its alarm colour. */
export function readback(conn: Connection, pv: string, format: (v: PvValue) => string = formatValue): HTMLElement {
  const node = el('span', { class: 'readback sev-UNDEFINED', 'data-pv': pv }, '…');
  conn.watch(pv, (v) => {
    node.textContent = isDisconnected(v) ? 'disconnected' : format(v);
    setSeverity(node, v);
  });
  return node;
}

/** A text entry that writes on Enter (numbers for numeric PVs); disabled while read-only. */
export function entry(conn: Connection, pv: string): HTMLInputElement {
  const input = el('input', { class: 'entry', 'data-pv': pv, placeholder: 'set…', disabled: '' });
  let numeric = true;
  conn.watch(pv, (v) => {
    input.disabled = v.readonly || isDisconnected(v);
    numeric = v.vtype !== 'VString' && v.vtype !== 'VByteArray' && v.vtype !== 'VEnum';
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || input.value === '') return;
    const n = Number(input.value);
    conn.write(pv, numeric && input.value.trim() !== '' && Number.isFinite(n) ? n : input.value);
    input.value = '';
  });
  return input;
}

/** One button per state of an enum; the current one pressed. */
export function choiceButtons(conn: Connection, pv: string): HTMLElement {
  const box = el('span', { class: 'choices', 'data-pv': pv });
  let drawn = '';
  conn.watch(pv, (v) => {
    const labels = v.labels ?? [];
    if (labels.join('\n') !== drawn) {
      drawn = labels.join('\n');
      box.replaceChildren(
        ...labels.map((label, i) => {
          const b = el('button', { type: 'button', 'data-index': String(i) }, label || String(i));
          b.addEventListener('click', () => conn.write(pv, i));
          return b;
        }),
      );
    }
    for (const b of box.querySelectorAll('button')) {
      b.disabled = v.readonly || isDisconnected(v);
      b.classList.toggle('active', Number(b.dataset.index) === v.value);
    }
  });
  return box;
}

/** A command button writing `value` (1 by default) to `pv`. */
export function commandButton(conn: Connection, pv: string, label: string, value: number | string = 1): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'command', 'data-pv': pv }, label);
  b.disabled = true;
  conn.watch(pv, (v) => {
    b.disabled = v.readonly || isDisconnected(v);
  });
  b.addEventListener('click', () => conn.write(pv, value));
  return b;
}

/** A lamp: lit when the value is non-zero (or equals `on`), coloured by severity otherwise. */
export function led(conn: Connection, pv: string, on: (v: PvValue) => boolean = (v) => typeof v.value === 'number' && v.value !== 0): HTMLElement {
  const node = el('span', { class: 'led sev-UNDEFINED', 'data-pv': pv });
  conn.watch(pv, (v) => {
    node.classList.toggle('on', !isDisconnected(v) && on(v));
    setSeverity(node, v);
    node.title = `${pv}: ${formatValue(v)}`;
  });
  return node;
}

/** A numeric array drawn with uPlot against its index (or against another PV's array). */
export function arrayPlot(conn: Connection, pv: string, options: { width?: number; height?: number; x?: string; label?: string } = {}): HTMLElement {
  const box = el('div', { class: 'plot sev-UNDEFINED', 'data-pv': pv });
  let xs: number[] | undefined;
  let ys: number[] = [];
  let plot: uPlot | undefined;
  const draw = (): void => {
    const n = xs === undefined ? ys.length : Math.min(xs.length, ys.length);
    const x = xs === undefined ? Array.from({ length: n }, (_, i) => i) : xs.slice(0, n);
    const data: uPlot.AlignedData = [x, ys.slice(0, n)];
    if (plot === undefined) {
      plot = new uPlot(
        {
          width: options.width ?? 420,
          height: options.height ?? 180,
          scales: { x: { time: false } },
          legend: { show: false },
          series: [{}, { label: options.label ?? pv, stroke: '#1f77b4', width: 1.5 }],
        },
        data,
        box,
      );
    } else plot.setData(data);
  };
  conn.watch(pv, (v) => {
    setSeverity(box, v);
    if (Array.isArray(v.value)) {
      ys = v.value;
      draw();
    }
  });
  if (options.x !== undefined) {
    conn.watch(options.x, (v) => {
      if (Array.isArray(v.value)) {
        xs = v.value;
        draw();
      }
    });
  }
  return box;
}

/** The CSS every kit page shares: alarm colours, the disconnected state, widgets. */
export const KIT_CSS = `
body { font: 14px system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
header { background: #1d2330; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
header h1 { font-size: 17px; margin: 0; flex: 1; }
body[data-connected="false"] header { background: #8a1c1c; }
.readback { font-family: ui-monospace, monospace; padding: 1px 6px; border-radius: 3px; border: 1px solid transparent; }
.sev-NONE.readback { color: #0a6b2b; }
.sev-MINOR { background: #fff2a8 !important; color: #6b5400 !important; border-color: #e0c200 !important; }
.sev-MAJOR { background: #ffd1d1 !important; color: #a00000 !important; border-color: #e00000 !important; }
.sev-INVALID { background: #f3d1ff !important; color: #6c007f !important; border-color: #b400d6 !important; }
.sev-UNDEFINED { background: #e3e3e3 !important; color: #7a7a7a !important; border: 1px dashed #9a9a9a !important; }
.entry { width: 9em; font-family: ui-monospace, monospace; }
.choices button, button.command { margin-right: 3px; padding: 2px 9px; border: 1px solid #8892a6; background: #fff; border-radius: 3px; cursor: pointer; }
.choices button.active { background: #2b5fb4; color: #fff; border-color: #2b5fb4; }
button:disabled { opacity: .55; cursor: default; }
.led { display: inline-block; width: 13px; height: 13px; border-radius: 50%; background: #4b5263; border: 1px solid #222; vertical-align: middle; }
.led.on { background: #2fd14f; }
.led.sev-MAJOR.on, .led.sev-MINOR.on { background: #f0b400; }
.plot { display: inline-block; background: #fff; border-radius: 4px; }
`;
