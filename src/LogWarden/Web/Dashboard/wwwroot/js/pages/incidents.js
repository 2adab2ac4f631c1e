// Incidents: the list (status and severity filters, paging) and one incident in full, with the actions.
import { setParams } from '../app.js';
import { get, send } from '../api.js';
import { ago, badge, el, empty, errorBox, field, lineRow, loading, num, replace, segmented, table, time } from '../ui.js';
import { timeChart } from '../charts.js';

const statuses = [['open,acknowledged', 'Active'], ['open', 'Open'], ['acknowledged', 'Acknowledged'], ['resolved', 'Resolved'], ['noise', 'Noise'], ['', 'All']];
const pageSize = 50;

export async function render(view, { rest, params }) {
  if (rest[0]) return detail(view, rest[0]);
  return list(view, params);
}

async function list(view, params) {
  let status = params.get('status') ?? 'open,acknowledged';
  let severity = params.get('severity') || '';
  let offset = Number(params.get('offset') || 0);
  const body = el('div.panel', loading());
  const severitySelect = el('select', { 'aria-label': 'Severity' },
    [['', 'any'], ['critical', 'critical'], ['warning', 'warning'], ['info', 'info']].map(([v, t]) => el('option', { value: v, selected: v === severity }, t)));
  severitySelect.addEventListener('change', () => { severity = severitySelect.value; offset = 0; load(); });
  replace(view, el('div.page-head', el('h1', 'Incidents')),
    el('div.toolbar',
      field('Status', segmented('Status', statuses, status, (v) => { status = v; offset = 0; load(); })),
      field('Severity', severitySelect)),
    body);

  async function load() {
    setParams({ status, severity, offset: offset || '' });
    replace(body, loading());
    let page;
    try {
      page = await get('incidents', { status, severity, offset, limit: pageSize });
    } catch (error) {
      replace(body, errorBox(error));
      return;
    }
    if (!page.items.length) {
      replace(body, empty(offset ? 'No more incidents.' : 'No incidents match these filters.'));
      return;
    }
    const prev = el('button.btn', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - pageSize); load(); } }, '← Newer');
    const next = el('button.btn', { type: 'button', disabled: !page.more, onclick: () => { offset += pageSize; load(); } }, 'Older →');
    replace(body,
      table([
        ['#', (i) => i.id, 'num'],
        ['Severity', (i) => badge(i.severity)],
        ['Incident', (i) => el('a', { href: `#/incidents/${i.id}` }, i.title)],
        ['Kind', (i) => i.kind, 'hide-narrow'],
        ['Host', (i) => i.host || '–', 'hide-narrow'],
        ['Status', (i) => badge(i.status)],
        ['Lines', (i) => num(i.lines), 'num hide-narrow'],
        ['Opened', (i) => time(i.opened_at), 'nowrap hide-narrow'],
        ['Updated', (i) => ago(i.updated_at), 'nowrap'],
      ], page.items, (i) => { location.hash = `#/incidents/${i.id}`; }),
      el('div.pager', el('span.muted', `${offset + 1}–${offset + page.items.length}`), prev, next));
  }
  await load();
}

function facts(pairs) {
  return el('dl.facts', pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
}

async function detail(view, id) {
  replace(view, loading('Loading the incident and its explanation…'));
  let data;
  try {
    data = await get(`incidents/${encodeURIComponent(id)}`);
  } catch (error) {
    replace(view, el('div.page-head', el('h1', `Incident ${id}`)), errorBox(error), el('p', el('a', { href: '#/incidents' }, '← All incidents')));
    return;
  }
  const handles = [];
  const i = data.incident;
  const message = el('div', { role: 'status', 'aria-live': 'polite' });
  const statusBadge = el('span', badge(i.status));

  async function act(action, button, body) {
    button.disabled = true;
    try {
      const answer = await send('POST', `incidents/${i.id}/${action}`, body);
      replace(statusBadge, badge(answer.incident.status));
      message.className = 'notice';
      message.textContent = answer.silence_id
        ? `Silence ${answer.silence_id} added: alerts like this one are held back.`
        : answer.changed ? `Incident ${answer.incident.status}.` : `Already ${answer.incident.status}.`;
      updateButtons(answer.incident.status);
    } catch (error) {
      message.className = 'error';
      message.textContent = `Could not ${action}: ${error.message}`;
      button.disabled = false;
    }
  }

  const ack = el('button.btn.primary', { type: 'button' }, 'Acknowledge');
  const resolve = el('button.btn', { type: 'button' }, 'Resolve');
  const noise = el('button.btn.danger', { type: 'button', title: 'Close it and downgrade findings like these to info from now on' }, 'Mark as noise');
  const silenceFor = el('select', { 'aria-label': 'Silence for' }, ['1h', '2h', '8h', '1d', '7d'].map((d) => el('option', { value: d, selected: d === '2h' }, d)));
  const silence = el('button.btn', { type: 'button', title: `Silence alerts with kind=${i.kind}${i.host ? ` and host=${i.host}` : ''}` }, 'Silence');
  ack.addEventListener('click', () => act('acknowledge', ack));
  resolve.addEventListener('click', () => act('resolve', resolve));
  noise.addEventListener('click', () => act('noise', noise));
  silence.addEventListener('click', () => act('silence', silence, { duration: silenceFor.value }));
  function updateButtons(status) {
    ack.disabled = status !== 'open';
    resolve.disabled = status === 'resolved' || status === 'noise';
    noise.disabled = status === 'noise';
  }
  updateButtons(i.status);

  const explanation = data.explanation
    ? el('section.panel', el('h2', 'Explanation'),
      el('p', data.explanation.summary),
      el('p', el('strong', 'Probable cause: '), data.explanation.probable_cause),
      data.explanation.steps.length ? el('ol', data.explanation.steps.map((s) => el('li', s))) : null,
      el('p.muted', `${data.explanation.origin === 'llm' ? `LLM (${data.explanation.model})` : 'LogWarden rules'} · confidence ${Math.round(data.explanation.confidence * 100)} %`
        + (data.explanation.suggested_severity ? ` · suggests ${data.explanation.suggested_severity}` : '') + (data.explanation.note ? ` · ${data.explanation.note}` : '')))
    : el('section.panel', el('h2', 'Explanation'), empty('No explanation could be written in time.'));

  const entities = Object.entries(data.entities || {});
  const evidence = data.evidence || {};
  const evidencePanel = el('section.panel', el('h2', 'Evidence'),
    (evidence.templates || []).length
      ? table([['Template', (t) => el('a.mono', { href: `#/search?template=${t.template_id}&from=${encodeURIComponent(i.first_seen)}` }, t.template)], ['Lines', (t) => num(t.count), 'num']], evidence.templates)
      : null,
    (evidence.samples || []).length ? [el('h3', 'Sample lines'), el('div.lines', evidence.samples.map((s) => el('div.line', el('span.ts', ''), el('span.text', s))))] : null,
    Object.keys(evidence.measurements || {}).length ? [el('h3', 'Measurements'), facts(Object.entries(evidence.measurements).map(([k, v]) => [k, num(v)]))] : null,
    !(evidence.templates || []).length && !(evidence.samples || []).length && !(evidence.metric_window || []).length ? empty('No evidence kept.') : null);
  if ((evidence.metric_window || []).length) {
    const box = el('div.chart', { role: 'img', 'aria-label': `${evidence.metric} around the incident` });
    evidencePanel.append(el('h3', evidence.metric || 'Metric'), box);
    requestAnimationFrame(() => handles.push(timeChart(box, {
      times: evidence.metric_window.map((p) => new Date(p.timestamp).getTime() / 1000),
      series: [{ label: evidence.metric, values: evidence.metric_window.map((p) => p.value) }],
      format: num, marks: [{ opened_at_ms: new Date(i.opened_at).getTime(), severity: i.severity }], height: 180,
    })));
  }

  replace(view,
    el('p', el('a', { href: '#/incidents' }, '← All incidents')),
    el('div.page-head', el('h1', `#${i.id} ${i.title}`), badge(i.severity), statusBadge),
    el('div.actions', ack, resolve, noise, silenceFor, silence),
    message,
    el('div.grid.two',
      el('section.panel', el('h2', 'Facts'), facts([
        ['Kind', i.kind], ['Host', i.host], ['Opened', time(i.opened_at)], ['First line', time(i.first_seen)], ['Last line', time(i.last_seen)],
        ['Acknowledged', i.acknowledged_at ? time(i.acknowledged_at) : null], ['Closed', i.closed_at ? time(i.closed_at) : null],
        ['Lines', num(i.lines)], ['Findings', num(i.finding_count)], ['Fingerprint', el('span.mono', data.fingerprint)],
        ['Downgraded', i.downgraded ? 'some findings were marked as noise before' : null],
      ])),
      explanation),
    el('div.grid.two',
      el('section.panel', el('h2', 'Entities'), entities.length ? facts(entities.map(([k, v]) => [k, v.join(', ')])) : empty('No entities.')),
      el('section.panel', el('h2', 'Timeline'), el('ol.timeline', data.timeline.map((e) => el(`li.${e.event}`, time(e.at), ' ', e.text))))),
    el('section.panel', el('h2', 'Findings'), data.findings.length ? table([
      ['Severity', (f) => badge(f.severity)], ['Finding', (f) => f.title], ['Detector', (f) => f.detector, 'hide-narrow'],
      ['Count', (f) => num(f.count), 'num'], ['Raised', (f) => num(f.raises), 'num hide-narrow'], ['Last line', (f) => time(f.last_seen), 'nowrap hide-narrow'],
    ], data.findings) : empty('No findings stored.')),
    evidencePanel,
    el('section.panel', el('div.chart-title', el('h2', 'Related lines'), el('span.muted', 'around its time, naming its entities')),
      data.related_lines.length ? el('div.lines', data.related_lines.map((l) => lineRow(l))) : empty('No stored lines around this incident name its entities.')));
  return () => { while (handles.length) handles.pop().destroy(); };
}
