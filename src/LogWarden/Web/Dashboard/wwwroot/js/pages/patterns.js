// Patterns: the miner's templates with their counts, and each one's counts over time.
import { setParams } from '../app.js';
import { get } from '../api.js';
import { ago, badge, compact, el, empty, errorBox, field, loading, replace, segmented } from '../ui.js';
import { bars } from '../bars.js';

const sorts = [['count', 'Most lines'], ['recent', 'Most recent'], ['id', 'Newest id']];
const pageSize = 50;
const sparkBuckets = 48;

export async function render(view, { params }) {
  let sort = params.get('sort') || 'count';
  let offset = 0;
  const filter = el('input', { type: 'search', value: params.get('q') || '', placeholder: 'filter templates', 'aria-label': 'Filter templates' });
  const body = el('div.panel', loading());
  const form = el('form.toolbar', { role: 'search' }, field('Filter', filter), field('Sort', segmented('Sort', sorts, sort, (v) => { sort = v; offset = 0; load(); })),
    el('button.btn.primary', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; load(); });
  replace(view, el('div.page-head', el('h1', 'Patterns')), form, body);
  let controller = null;

  async function spark(template, canvas, note) {
    try {
      const series = await get(`templates/${template.id}/counts`, { buckets: sparkBuckets }, controller.signal);
      bars(canvas, series.counts);
      note.textContent = `${new Date(series.from).toLocaleString('sv-SE')} → ${new Date(series.to).toLocaleString('sv-SE')}${series.truncated ? ' (capped)' : ''}`;
    } catch (error) {
      if (error.name !== 'AbortError') note.textContent = `counts unavailable: ${error.message}`;
    }
  }

  async function load() {
    setParams({ q: filter.value.trim(), sort });
    if (controller) controller.abort();
    controller = new AbortController();
    replace(body, loading());
    let page;
    try {
      page = await get('templates', { q: filter.value.trim(), sort, offset, limit: pageSize }, controller.signal);
    } catch (error) {
      if (error.name !== 'AbortError') replace(body, errorBox(error));
      return;
    }
    if (!page.items.length) {
      replace(body, empty(filter.value ? 'No template contains that text.' : 'No templates yet: they appear as lines are stored.'));
      return;
    }
    const rows = page.items.map((t) => {
      const canvas = el('canvas.spark', { role: 'img', 'aria-label': `Lines of template ${t.id} over its last day` });
      const note = el('div.muted');
      queueMicrotask(() => spark(t, canvas, note));
      return el('tr',
        el('td.num', t.id),
        el('td', el('a.mono', { href: `#/search?template=${t.id}&range=` }, t.template), el('div.muted.mono', t.example)),
        el('td.num', compact(t.count)),
        el('td.hide-narrow', badge(t.level === 'unknown' ? 'info' : t.level, ['error', 'critical', 'alert', 'emergency'].includes(t.level) ? 'critical' : t.level === 'warning' ? 'warning' : 'info')),
        el('td.nowrap.hide-narrow', ago(t.last_seen)),
        el('td', canvas, note));
    });
    const prev = el('button.btn', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - pageSize); load(); } }, '← Previous');
    const next = el('button.btn', { type: 'button', disabled: offset + pageSize >= page.total, onclick: () => { offset += pageSize; load(); } }, 'Next →');
    replace(body,
      el('div.table-wrap', el('table',
        el('thead', el('tr', ['Id', 'Template', 'Lines', 'Level', 'Last seen', 'Last day of its lines'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', rows))),
      el('div.pager', el('span.muted', `${offset + 1}–${offset + page.items.length} of ${compact(page.total)}`), prev, next));
  }

  await load();
  return () => { if (controller) controller.abort(); };
}
