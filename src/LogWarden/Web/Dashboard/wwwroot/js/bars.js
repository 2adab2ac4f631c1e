// Small bar charts on a canvas (the overview's timeline, the patterns' counts over time). Kept apart from
// charts.js so that the overview, the first page most people open, does not load uPlot.

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** A tiny bar chart of counts on a canvas (the patterns view's counts over time). */
export function bars(canvas, counts, colour = css('--accent')) {
  const ratio = devicePixelRatio || 1;
  const width = canvas.clientWidth || 300;
  const height = canvas.clientHeight || 40;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  ctx.clearRect(0, 0, width, height);
  const max = Math.max(1, ...counts);
  const w = width / Math.max(1, counts.length);
  ctx.fillStyle = colour;
  counts.forEach((c, i) => {
    if (c <= 0) return;
    const h = Math.max(1, (c / max) * (height - 2));
    ctx.fillRect(i * w + 0.5, height - h, Math.max(1, w - 1), h);
  });
}
