// Resources: CPU, memory, disk, network and load curves over a chosen range, incidents marked on them.
import { setParams } from '../app.js';
import { get } from '../api.js';
import { bytes, el, empty, errorBox, field, loading, num, replace, segmented } from '../ui.js';
import { timeChart } from '../charts.js';

const ranges = [['1h', '1 h'], ['6h', '6 h'], ['24h', '24 h'], ['7d', '7 d'], ['30d', '30 d']];

const charts = [
  { title: 'CPU', name: 'cpu_percent', unit: '%', stacked: true, keep: (s) => s.labels.state !== 'idle', label: (s) => s.labels.state, format: (v) => `${num(v)} %` },
  { title: 'Memory used', name: 'memory_used_percent', format: (v) => `${num(v)} %` },
  { title: 'Disk used', name: 'filesystem_used_percent', label: (s) => s.labels.mount, format: (v) => `${num(v)} %` },
  { title: 'Network received', name: 'network_receive_bytes_per_second', label: (s) => s.labels.device, keep: (s) => s.labels.device !== 'lo', format: (v) => `${bytes(v)}/s` },
  { title: 'Network sent', name: 'network_transmit_bytes_per_second', label: (s) => s.labels.device, keep: (s) => s.labels.device !== 'lo', format: (v) => `${bytes(v)}/s` },
  { title: 'Load', names: ['load1', 'load5', 'load15'], format: (v) => num(v) },
];

export async function render(view, { params }) {
  let range = params.get('range') || '6h';
  let host = params.get('host') || '';
  const handles = [];
  const grid = el('div.grid.two');
  const hostSelect = el('select', { 'aria-label': 'Host' }, el('option', { value: '' }, 'all hosts'));
  hostSelect.addEventListener('change', () => { host = hostSelect.value; draw(); });
  const toolbar = el('div.toolbar',
    field('Range', segmented('Range', ranges, range, (value) => { range = value; draw(); })),
    field('Host', hostSelect));
  replace(view, el('div.page-head', el('h1', 'Resources')), toolbar, grid);

  get('health').then((health) => {
    for (const h of health.hosts) hostSelect.append(el('option', { value: h.host, selected: h.host === host }, h.host));
  }).catch(() => { /* the selector stays at "all hosts" */ });

  async function one(spec, panel, chartBox) {
    const width = Math.max(300, chartBox.clientWidth || 600);
    const names = spec.names || [spec.name];
    const answers = await Promise.all(names.map((name) => get('metrics', { name, host, from: range, points: Math.min(2000, Math.round(width / 2)) })));
    const series = [];
    const multiHost = new Set(answers.flatMap((a) => a.series.map((s) => s.host))).size > 1;
    for (const answer of answers) {
      for (const s of answer.series) {
        if (spec.keep && !spec.keep(s)) continue;
        const base = spec.label ? spec.label(s) : s.name;
        series.push({ label: multiHost ? `${s.host} ${base}` : base, values: s.values });
      }
    }
    if (!series.length || series.every((s) => s.values.every((v) => v === null))) {
      replace(chartBox, empty(`No ${spec.title.toLowerCase()} samples in this range.`));
      return;
    }
    replace(chartBox);
    handles.push(timeChart(chartBox, { times: answers[0].series[0].times, series, format: spec.format, marks: answers[0].incidents, stacked: spec.stacked }));
    const marks = answers[0].incidents.length;
    if (marks) panel.querySelector('.marks').textContent = `${marks} incident${marks > 1 ? 's' : ''} marked`;
  }

  function draw() {
    setParams({ range, host });
    while (handles.length) handles.pop().destroy();
    replace(grid);
    for (const spec of charts) {
      const chartBox = el('div.chart', { role: 'img', 'aria-label': `${spec.title} over the last ${range}` }, loading());
      const panel = el('section.panel', el('div.chart-title', el('h2', spec.title), el('span.muted.marks')), chartBox);
      grid.append(panel);
      one(spec, panel, chartBox).catch((error) => replace(chartBox, errorBox(error)));
    }
  }

  draw();
  return () => { while (handles.length) handles.pop().destroy(); };
}
