// uPlot charts that follow the theme, fit their panel, and mark incidents on the curves.
import uPlot from '../vendor/uplot-1.6.32.esm.js';

const palette = ['#2f6fde', '#e8590c', '#2b8a3e', '#ae3ec9', '#0c8599', '#c92a2a', '#5c940d', '#d6336c', '#1864ab', '#e67700'];
const severityColour = { critical: '#e03131', warning: '#f08c00', info: '#4c8bd6' };

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** Draws a dashed vertical line at each incident's opening, coloured by severity. */
function incidentMarks(marks) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        for (const mark of marks) {
          const x = Math.round(u.valToPos(mark.opened_at_ms / 1000, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = severityColour[mark.severity] || severityColour.info;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      }],
    },
  };
}

/**
 * A time-series chart in container: times (Unix seconds), series [{label, values}], a unit formatter,
 * incident marks. Resizes with its container; returns a handle with destroy().
 */
export function timeChart(container, { times, series, format = (v) => v, marks = [], height = 220, stacked = false }) {
  const grid = { stroke: css('--chart-grid'), width: 1 };
  const axis = { stroke: css('--muted'), grid, ticks: grid, font: '11px system-ui, sans-serif' };
  const opts = {
    width: Math.max(280, container.clientWidth || 600),
    height,
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min ?? 0), (max ?? 1) * 1.05 || 1] } },
    axes: [axis, { ...axis, size: 80, values: (u, values) => values.map(format) }],
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      stroke: palette[i % palette.length],
      fill: stacked ? palette[i % palette.length] + '33' : undefined,
      width: 1.5,
      spanGaps: false,
      value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
    }))],
    plugins: [incidentMarks(marks)],
  };
  const chart = new uPlot(opts, [times, ...series.map((s) => s.values)], container);
  // Resized on the next frame, not inside the observer's callback (no "ResizeObserver loop" errors).
  const observer = new ResizeObserver(() => requestAnimationFrame(() => {
    const width = Math.max(280, container.clientWidth);
    if (chart.root.isConnected && Math.abs(width - chart.width) > 4) chart.setSize({ width, height });
  }));
  observer.observe(container);
  return { destroy() { observer.disconnect(); chart.destroy(); } };
}
