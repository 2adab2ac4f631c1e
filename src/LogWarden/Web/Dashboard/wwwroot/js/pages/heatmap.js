// Anomaly heatmap: incidents by hour of day (columns, UTC) × day (rows), shaded by severity weight.
import { setParams } from '../app.js';
import { get } from '../api.js';
import { el, empty, errorBox, field, loading, num, replace, segmented } from '../ui.js';

const spans = [['7', '7 days'], ['28', '4 weeks'], ['90', '90 days']];

function shade(weight, max) {
  if (!weight) return null;
  const t = Math.sqrt(weight / max); // square root: one critical at 3 a.m. still shows beside a noisy day
  return `hsl(${Math.round(45 - 45 * t)} 90% ${Math.round(88 - 45 * t)}%)`;
}

export async function render(view, { params }) {
  let days = params.get('days') || '28';
  const body = el('div.panel', loading());
  replace(view, el('div.page-head', el('h1', 'Anomaly heatmap')),
    el('div.toolbar', field('Span', segmented('Span', spans, days, (value) => { days = value; draw(); }))), body);

  async function draw() {
    setParams({ days });
    replace(body, loading());
    let map;
    try {
      map = await get('heatmap', { days });
    } catch (error) {
      replace(body, errorBox(error));
      return;
    }
    const grid = el('div.heatmap', { role: 'table', 'aria-label': 'Incidents by day and hour of day (UTC)' });
    grid.style.gridTemplateColumns = 'max-content repeat(24, minmax(12px, 1fr))';
    grid.append(el('div.hour', { role: 'columnheader' }, 'UTC'));
    for (let h = 0; h < 24; h++) grid.append(el('div.hour', { role: 'columnheader' }, h % 3 === 0 ? String(h).padStart(2, '0') : ''));
    let total = 0;
    map.days.forEach((day, d) => {
      grid.append(el('div.day', { role: 'rowheader' }, day.slice(5)));
      for (let h = 0; h < 24; h++) {
        const count = map.incidents[d][h];
        total += count;
        const label = `${day} ${String(h).padStart(2, '0')}:00 UTC: ${count} incident${count === 1 ? '' : 's'}, weight ${num(map.weight[d][h])}`;
        const cell = el('div.cell', { role: 'cell', title: label, 'aria-label': label });
        const colour = shade(map.weight[d][h], map.max_weight);
        if (colour) cell.style.background = colour;
        grid.append(cell);
      }
    });
    const legend = el('div.legend', 'less');
    for (const w of [0.05, 0.25, 0.5, 0.75, 1]) {
      const swatch = el('span.cell');
      swatch.style.background = shade(w * (map.max_weight || 1), map.max_weight || 1);
      legend.append(swatch);
    }
    legend.append('more (weight: info 1, warning 3, critical 9)');
    replace(body, total ? null : el('div.notice', 'No incidents in this span: the map stays blank.'), grid, legend);
  }

  await draw();
}
