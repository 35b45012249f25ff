// An interface's traffic for the devices page: a range picker, and GET .../interfaces/{ifIndex}/history drawn as an
// SVG line chart (average in and out bit/s per step) built with createElementNS: axes, labels, legend, a <title>
// and an aria-label. No library. trafficPanel(ctx, base, iface) returns the panel's element.

const NS = 'http://www.w3.org/2000/svg';
const RANGES = [['PT15M', 'Last 15 minutes', 15], ['PT1H', 'Last hour', 60], ['PT6H', 'Last 6 hours', 360],
  ['P1D', 'Last 24 hours', 1440], ['P7D', 'Last 7 days', 10080], ['P30D', 'Last 30 days', 43200]];
const SERIES = [['in', 'In', 'inAvgBps', '#1f5fbf'], ['out', 'Out', 'outAvgBps', '#c2571a']];
const W = 720;
const H = 280;
const PAD = { left: 78, right: 16, top: 34, bottom: 34 };

/** Bit/s as people read them: 950 bit/s, 12.5 Mbit/s. */
export function bps(value) {
  if (value === null || value === undefined) return '—';
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = Number(value);
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u += 1;
  }
  return `${u === 0 ? Math.round(v) : Number(v.toPrecision(3))} ${units[u]}`;
}

/** The panel: a heading, the range (its name is the API's `from`, so a refusal of it lands there), the chart. */
export function trafficPanel(ctx, base, iface) {
  const { h, field, mount, showErrors } = ctx;
  const label = iface.name || iface.descr || `ifIndex ${iface.ifIndex}`;
  const range = h('select', { name: 'from' }, RANGES.map(([value, text]) => h('option', { value,
    selected: value === 'PT1H' }, text)));
  const body = h('div.chart-body');
  const form = h('form.toolbar', { noValidate: true, on: { submit: (e) => { e.preventDefault(); load(); } } },
    field('Range', range), h('button', { type: 'submit' }, 'Refresh chart'));
  range.addEventListener('change', load);
  const panel = h('section.card.traffic', { dataset: { ifIndex: String(iface.ifIndex) },
    'aria-labelledby': 'traffic-title' }, h('h2#traffic-title', `Traffic of ${label}`), form, body);
  load();
  return panel;

  async function load() {
    const [, text, minutes] = RANGES.find(([value]) => value === range.value);
    const from = new Date(Date.now() - minutes * 60_000).toISOString();
    mount(body, h('p.loading', 'Loading…'));
    try {
      const history = await ctx.api('GET',
        `${base}/interfaces/${iface.ifIndex}/history?from=${encodeURIComponent(from)}`);
      showErrors(form, null);
      mount(body, ...chart(h, history, `${label}, ${text.toLowerCase()}`));
    } catch (e) {
      mount(body);
      showErrors(form, e);
    }
  }
}

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A round top for the y axis, in quarters that read well: 1, 2, 4, 6 or 8 × 10^n at or above `max`. */
function niceMax(max) {
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 4, 6, 8, 10].map((m) => m * power).find((v) => v >= max);
}

/** The chart and a one-line summary of it; a hint alone when the range has no points. */
function chart(h, history, what) {
  const points = history.points || [];
  if (points.length === 0) {
    return [h('p.hint.no-traffic', 'No traffic recorded in this range yet: rates start with a device\'s second poll.')];
  }
  const from = Date.parse(history.from);
  const to = Date.parse(history.to);
  const stepMs = history.stepSeconds * 1000;
  const top = niceMax(Math.max(1, ...points.flatMap((p) => [p.inAvgBps, p.outAvgBps])));
  const x = (t) => PAD.left + ((t - from) / (to - from)) * (W - PAD.left - PAD.right);
  const y = (v) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const last = points[points.length - 1];
  const peak = (key) => bps(Math.max(...points.map((p) => p[key])));
  const summary = `Peak in ${peak('inMaxBps')}, peak out ${peak('outMaxBps')}; latest in ${bps(last.inAvgBps)}, `
    + `out ${bps(last.outAvgBps)} (${points.length} points of ${history.stepSeconds} s).`;
  const root = svg('svg', { class: 'traffic-chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `Traffic of ${what}: average bit/s in and out. ${summary}`, 'font-size': 12,
    'data-points': points.length });
  root.append(svg('title', {}, `Traffic of ${what}`));
  const grid = svg('g', { class: 'axes', stroke: '#d8dee8' });
  const labels = svg('g', { class: 'labels', fill: '#5b6675' });
  for (let k = 0; k <= 4; k += 1) {
    const v = (top * k) / 4;
    grid.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }));
    labels.append(svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, bps(v)));
  }
  const long = to - from > 36 * 3600_000;
  for (let k = 0; k <= 4; k += 1) {
    const t = from + ((to - from) * k) / 4;
    const when = new Date(t);
    grid.append(svg('line', { x1: x(t), x2: x(t), y1: H - PAD.bottom, y2: H - PAD.bottom + 5, stroke: '#5b6675' }));
    labels.append(svg('text', { x: x(t), y: H - PAD.bottom + 18, 'text-anchor': k === 0 ? 'start' : k === 4 ? 'end'
      : 'middle' }, long ? when.toLocaleDateString([], { month: 'short', day: 'numeric' })
      : when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  }
  grid.append(svg('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom, stroke: '#5b6675' }));
  grid.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom,
    stroke: '#5b6675' }));
  root.append(grid, labels);
  for (const [key, name, value, colour] of SERIES) {
    // a gap of more than two steps without data breaks the line instead of bridging it
    const segments = [];
    let previous = null;
    for (const p of points) {
      const t = Math.min(to, Math.max(from, Date.parse(p.at) + stepMs / 2)); // the middle of its step
      if (previous === null || t - previous > 2.5 * stepMs) segments.push([]);
      segments[segments.length - 1].push(`${x(t).toFixed(1)},${y(p[value]).toFixed(1)}`);
      previous = t;
    }
    const series = svg('g', { class: `series ${key}`, 'aria-hidden': 'true' });
    for (const s of segments) {
      series.append(svg('polyline', { points: s.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2,
        'stroke-linejoin': 'round', 'data-series': key }));
      if (s.length === 1) {
        const [cx, cy] = s[0].split(',');
        series.append(svg('circle', { cx, cy, r: 3, fill: colour }));
      }
    }
    root.append(series);
    const lx = PAD.left + (key === 'in' ? 0 : 150);
    const legend = svg('g', { class: 'legend' });
    legend.append(svg('line', { x1: lx, x2: lx + 24, y1: 14, y2: 14, stroke: colour, 'stroke-width': 3 }),
      svg('text', { x: lx + 30, y: 18, fill: '#1c2430' }, `${name} (average)`));
    root.append(legend);
  }
  return [root, h('p.hint.traffic-summary', summary)];
}
