// Small DOM helpers: every text goes through textContent (never innerHTML), so log lines cannot inject markup.

/** el('div.panel', {attrs}, children…): a tag with optional .classes and #id, attributes/properties, and children. */
export function el(spec, props, ...children) {
  const node = document.createElement(/^[a-z0-9]*/i.exec(spec)[0] || 'div');
  for (const [, kind, name] of spec.matchAll(/([.#])([\w-]+)/g)) {
    if (kind === '#') node.id = name; else node.classList.add(name);
  }
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'text') node.textContent = value;
    else if (key in node && key !== 'list' && key !== 'form') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const loading = (what = 'Loading…') => el('div.loading', { role: 'status' }, what);
export const empty = (what) => el('div.empty', what);
export const errorBox = (error) => el('div.error', { role: 'alert' }, `Could not load: ${error && error.message ? error.message : error}`);

export function replace(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export const num = (n) => (n === null || n === undefined ? '–' : numberFormat.format(n));
export const compact = (n) => (n === null || n === undefined ? '–' : compactFormat.format(n));
export const pct = (n) => (n === null || n === undefined ? '–' : `${numberFormat.format(n)} %`);

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${numberFormat.format(n)} ${units[i]}`;
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A time as local date and time; the full ISO time in the title. */
export function time(iso) {
  if (!iso) return el('span.muted', '–');
  const d = new Date(iso);
  return el('time', { dateTime: d.toISOString(), title: d.toISOString() }, d.toLocaleString('sv-SE', { hour12: false }));
}

export function ago(iso) {
  if (!iso) return '–';
  const seconds = (Date.now() - new Date(iso).getTime()) / 1000;
  return seconds < 0 ? 'in the future' : `${duration(seconds)} ago`;
}

export const badge = (text, kind = text) => el(`span.badge.${kind}`, text);

export function card(label, value, sub, kind) {
  return el('div.panel.card', el('div.label', label), el(`div.value${kind ? '.' + kind : ''}`, value), sub ? el('div.sub', sub) : null);
}

/** A table from rows; columns are [header, row => cell, className?]. onRow makes rows clickable (and keyboard-reachable). */
export function table(columns, rows, onRow) {
  return el('div.table-wrap', el('table',
    el('thead', el('tr', columns.map(([header, , cls]) => el(`th${cls ? '.' + cls : ''}`, { scope: 'col' }, header)))),
    el('tbody', rows.map((row) => {
      const tr = el(onRow ? 'tr.clickable' : 'tr', columns.map(([, cell, cls]) => el(`td${cls ? '.' + cls : ''}`, cell(row))));
      if (onRow) {
        tr.tabIndex = 0;
        tr.addEventListener('click', () => onRow(row));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') onRow(row); });
      }
      return tr;
    }))));
}

/** A set of toggle buttons; onChange(value) on a press. */
export function segmented(label, options, current, onChange) {
  const group = el('div.segmented', { role: 'group', 'aria-label': label });
  for (const [value, text] of options) {
    const button = el('button', { type: 'button', 'aria-pressed': String(value === current) }, text);
    button.addEventListener('click', () => {
      for (const b of group.children) b.setAttribute('aria-pressed', String(b === button));
      onChange(value);
    });
    group.append(button);
  }
  return group;
}

export function field(label, control) {
  return el('label.field', label, control);
}

/** One stored line as the search, the tail and the incident page show it. */
export function lineRow(line, isNew = false) {
  const labels = Object.entries(line.labels || {}).map(([k, v]) => `${k}=${v}`).join(' ');
  return el(`div.line.lvl-${line.level}${isNew ? '.new' : ''}`, { dataset: { seq: line.sequence } },
    el('span.ts', time(line.timestamp)), el('span.text', line.line), labels ? el('span.labels', labels) : null);
}
