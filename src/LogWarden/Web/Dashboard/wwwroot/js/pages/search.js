// Log search: time range, labels, substring or regex, template; results newest first; live tail over SSE.
import { setParams } from '../app.js';
import { get } from '../api.js';
import { el, empty, errorBox, field, lineRow, loading, num, replace } from '../ui.js';

const ranges = [['15m', 'last 15 min'], ['1h', 'last hour'], ['24h', 'last 24 h'], ['7d', 'last 7 days'], ['30d', 'last 30 days'], ['', 'all time']];
const maxTailLines = 2000;

export async function render(view, { params }) {
  const q = el('input', { type: 'search', name: 'q', value: params.get('q') || '', placeholder: 'text or regular expression', 'aria-label': 'Search text' });
  const regex = el('input', { type: 'checkbox', checked: params.get('regex') === '1' });
  const labels = el('input', { type: 'text', value: params.get('labels') || '', placeholder: 'host=web1 unit=sshd.service', 'aria-label': 'Labels' });
  const range = el('select', { 'aria-label': 'Time range' }, ranges.map(([v, t]) => el('option', { value: v, selected: v === (params.get('range') ?? (params.has('from') ? '' : '24h')) }, t)));
  const template = el('input', { type: 'number', min: '0', value: params.get('template') || '', placeholder: 'id', 'aria-label': 'Template id' });
  const from = params.get('from') || '';
  const limit = el('select', { 'aria-label': 'Limit' }, ['100', '500', '2000'].map((v) => el('option', { value: v }, v)));
  const tailButton = el('button.btn', { type: 'button', 'aria-pressed': 'false' }, '▶ Live tail');
  const summary = el('div#search-summary.muted', { role: 'status', 'aria-live': 'polite' });
  const results = el('div.panel.lines', { 'aria-label': 'Matching lines' });
  const form = el('form.toolbar', { role: 'search' },
    field('Search', q), el('label.field', 'Regex', regex), field('Labels', labels), field('Range', range), field('Template', template), field('Limit', limit),
    el('button.btn.primary', { type: 'submit' }, 'Search'), tailButton);
  replace(view, el('div.page-head', el('h1', 'Log search')), form, summary, results);

  let source = null;
  let controller = null;

  function query() {
    const text = q.value.trim();
    return {
      q: regex.checked ? '' : text,
      regex: regex.checked ? text : '',
      label: labels.value.trim().split(/\s+/).filter((l) => l.includes('=')),
      from: from && !range.value ? from : range.value,
      template: template.value,
    };
  }

  async function search() {
    setParams({ q: q.value.trim(), regex: regex.checked ? '1' : '', labels: labels.value.trim(), range: range.value, template: template.value });
    if (controller) controller.abort();
    controller = new AbortController();
    replace(results, loading('Searching…'));
    summary.textContent = '';
    try {
      const answer = await get('search', { ...query(), limit: limit.value }, controller.signal);
      replace(results, answer.lines.length ? answer.lines.map((l) => lineRow(l)) : empty('No lines match. Widen the time range or loosen the text.'));
      summary.textContent = `${num(answer.lines.length)}${answer.truncated ? '+' : ''} lines, newest first, in ${num(answer.took_ms)} ms`;
    } catch (error) {
      if (error.name !== 'AbortError') replace(results, errorBox(error));
    }
  }

  function stopTail() {
    if (source) source.close();
    source = null;
    tailButton.setAttribute('aria-pressed', 'false');
    tailButton.textContent = '▶ Live tail';
  }

  function startTail() {
    const params = new URLSearchParams();
    const { q: text, regex: re, label, template: t } = query();
    if (text) params.set('q', text);
    if (re) params.set('regex', re);
    for (const l of label) params.append('label', l);
    if (t) params.set('template', t);
    source = new EventSource(`/api/v1/tail?${params}`);
    tailButton.setAttribute('aria-pressed', 'true');
    tailButton.textContent = '■ Stop tail';
    summary.textContent = 'Live: new matching lines appear at the top as they are stored.';
    source.addEventListener('message', (e) => {
      const line = JSON.parse(e.data);
      const placeholder = results.querySelector('.empty, .loading');
      if (placeholder) placeholder.remove();
      results.prepend(lineRow(line, true));
      while (results.childElementCount > maxTailLines) results.lastElementChild.remove();
    });
    source.addEventListener('error', () => {
      summary.textContent = source && source.readyState === EventSource.CLOSED ? 'Live tail stopped (the server closed it).' : 'Live tail reconnecting…';
    });
  }

  tailButton.addEventListener('click', () => (source ? stopTail() : startTail()));
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });
  await search();
  return () => { stopTail(); if (controller) controller.abort(); };
}
