/**
 * The generated screen: every record of the IOC (from /devioc/records.json, or the PVs given
 * as ?pv=NAME), grouped by the structure of its name, each with a widget fit for its value:
 * readback with units and precision, entry, state buttons, array plot, long text.
 */
import { arrayPlot, choiceButtons, Connection, el, entry, KIT_CSS, readback, type PvValue } from './kit/index.js';

interface RecordEntry {
  name: string;
  type: string;
  desc: string;
}

const NUMERIC_ARRAYS = new Set(['VDoubleArray', 'VFloatArray', 'VIntArray', 'VShortArray']);

const CSS = `${KIT_CSS}
main { padding: 10px 16px; }
#filter { padding: 4px 8px; width: 18em; border-radius: 3px; border: 0; }
section { background: #fff; border-radius: 6px; margin: 0 0 12px; padding: 6px 12px 8px; box-shadow: 0 1px 2px #0002; }
section h2 { font-size: 14px; margin: 4px 0 6px; color: #2b5fb4; }
.row { display: grid; grid-template-columns: 17em 6em 1fr; gap: 10px; align-items: center; padding: 4px 0; border-top: 1px solid #eef0f3; }
.row .name { font-family: ui-monospace, monospace; font-weight: 600; overflow-wrap: anywhere; }
.row .desc { display: block; font-family: system-ui; font-weight: 400; color: #5d6475; font-size: 12px; }
.row .type { color: #5d6475; font-size: 12px; }
.row .widget { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.row.readonly .controls { display: none; }
.hidden { display: none !important; }
#status { font-size: 12px; }
`;

const groupOf = (name: string): string => {
  const i = name.lastIndexOf(':');
  return i === -1 ? '(top level)' : name.slice(0, i);
};

function row(conn: Connection, r: RecordEntry): HTMLElement {
  const widget = el('span', { class: 'widget' });
  const node = el(
    'div',
    { class: 'row readonly', 'data-name': r.name.toLowerCase(), 'data-desc': r.desc.toLowerCase() },
    el('span', { class: 'name' }, r.name, el('span', { class: 'desc' }, r.desc)),
    el('span', { class: 'type' }, r.type),
    widget,
  );
  let vtype: string | undefined;
  conn.watch(r.name, (v: PvValue) => {
    node.classList.toggle('readonly', v.readonly);
    if (v.vtype === undefined || v.vtype === vtype) return;
    vtype = v.vtype;
    const controls = el('span', { class: 'controls' });
    if (NUMERIC_ARRAYS.has(vtype)) widget.replaceChildren(arrayPlot(conn, r.name));
    else if (vtype === 'VEnum' && (v.labels?.length ?? 0) <= 6) {
      controls.append(choiceButtons(conn, r.name));
      widget.replaceChildren(readback(conn, r.name), controls);
    } else {
      controls.append(entry(conn, r.name));
      widget.replaceChildren(readback(conn, r.name), controls);
    }
  });
  return node;
}

async function main(): Promise<void> {
  const title = document.body.dataset.title ?? 'devioc';
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'filter records…' });
  const status = el('span', { id: 'status' }, 'connecting…');
  document.body.append(el('header', {}, el('h1', {}, title), filter, status));
  const mainNode = el('main');
  document.body.append(mainNode);
  document.head.append(el('style', {}, CSS));

  const conn = new Connection();
  conn.onState = (connected) => {
    status.textContent = connected ? 'connected' : 'disconnected';
  };
  let records = (await (await fetch('/devioc/records.json')).json()) as RecordEntry[];
  const extra = new URLSearchParams(location.search).getAll('pv');
  records = [...records, ...extra.map((name) => ({ name, type: '', desc: '' }))];

  const groups = new Map<string, HTMLElement>();
  for (const r of records) {
    const g = groupOf(r.name);
    let section = groups.get(g);
    if (section === undefined) {
      section = el('section', { 'data-group': g }, el('h2', {}, g));
      groups.set(g, section);
    }
    section.append(row(conn, r));
  }
  for (const g of [...groups.keys()].sort()) mainNode.append(groups.get(g)!);
  if (records.length === 0) mainNode.append(el('p', {}, 'No records. Give PVs as ?pv=NAME&pv=OTHER.'));

  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const section of groups.values()) {
      let shown = 0;
      for (const r of section.querySelectorAll<HTMLElement>('.row')) {
        const match = q === '' || r.dataset.name!.includes(q) || r.dataset.desc!.includes(q);
        r.classList.toggle('hidden', !match);
        if (match) shown++;
      }
      section.classList.toggle('hidden', shown === 0);
    }
  });
  document.body.dataset.ready = 'true';
}

void main();
