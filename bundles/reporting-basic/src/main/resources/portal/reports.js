// The reports page (plugin basic_reporting): the basic reports of /reports/..., one at a time: its parameters as a
// form, the result as a table, a small chart when it is a series, and its CSV. render(root, ctx, path): path the
// report's name, as in the API (#/reports/revenue, #/reports/customers/by-status).

const PERIODS = ['last-7-days', 'last-30-days', 'last-month', 'last-3-months', 'last-12-months', 'month-to-date',
  'year-to-date'];
const REPORTS = [
  { name: 'revenue', label: 'Revenue', params: ['range', 'currency'], chart: ['line', 'month', ['issued', 'collected']],
    about: 'Per month and currency: invoices issued (voided ones left out) and payments collected.' },
  { name: 'ageing', label: 'Ageing', params: ['asOf', 'currency'],
    about: 'What customers owed at the end of a day, by days past the due date.' },
  { name: 'customers/by-status', label: 'Customers by status', params: [], chart: ['bar', 'status', ['customers']],
    about: 'Active, suspended and closed customers now.' },
  { name: 'customers/by-plan', label: 'Customers by plan', params: [],
    about: 'Per plan: its price, its subscriptions (active and suspended) and the customers holding them.' },
  { name: 'customers/movements', label: 'Customers won and lost', params: ['range'],
    chart: ['line', 'month', ['new', 'closed']], about: 'Per month: customers created, closed, and open at its end.' },
  { name: 'tickets', label: 'Tickets by month', params: ['range'], chart: ['line', 'month', ['opened', 'resolved']],
    about: 'Per month: tickets opened and resolved, and the mean hours to resolve them.' },
  { name: 'tickets/by-status', label: 'Tickets by status', params: [], chart: ['bar', 'status', ['total']],
    about: 'Tickets in each status now, by priority.' },
];
const NUMERIC = ['INTEGER', 'DECIMAL', 'MONEY'];
const COLOURS = ['#1f5fbf', '#1e7a3c', '#b3261e', '#7a3b0a'];
const SVG = 'http://www.w3.org/2000/svg';

export default async function render(root, ctx, path) {
  const { h, mount, field, showErrors } = ctx;
  const name = (path || []).join('/');
  const report = REPORTS.find((r) => r.name === name);
  const list = h('ul.report-list', REPORTS.map((r) => h('li', h('a', { href: `#/reports/${r.name}`,
    'aria-current': r === report ? 'page' : null, dataset: { report: r.name } }, r.label))));
  if (!report) {
    mount(root, h('h1', 'Reports'), list,
      h('p.hint', name ? `There is no report '${name}'. Choose one above.` : 'Choose a report above.'));
    return;
  }
  const inputs = [];
  if (report.params.includes('range')) {
    inputs.push(field('Period', h('select', { name: 'period' }, h('option', { value: '' }, 'The dates below'),
      PERIODS.map((p) => h('option', { value: p }, p)))),
    field('From', h('input', { name: 'from', type: 'date' }), 'Empty: eleven months before To'),
    field('To', h('input', { name: 'to', type: 'date' }), 'Empty: today'));
  }
  if (report.params.includes('asOf')) {
    inputs.push(field('As of', h('input', { name: 'asOf', type: 'date' }), 'Empty: today'));
  }
  if (report.params.includes('currency')) {
    inputs.push(field('Currency', h('input', { name: 'currency', maxLength: 3, placeholder: 'USD' }),
      'Empty: every currency'));
  }
  const form = h('form.toolbar', { noValidate: true, dataset: { report: report.name }, on: { submit: run } },
    inputs, h('button.primary', { type: 'submit' }, 'Run report'));
  const result = h('div.report-result');
  mount(root, h('h1', 'Reports'), list, h('h2', report.label), h('p.hint', report.about), form, result);
  let csvUrl = null;
  await run();

  async function run(event) {
    event?.preventDefault();
    const query = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value.trim()) query.set(el.name, el.value.trim());
    const q = query.toString();
    try {
      const data = await ctx.api('GET', `/reports/${report.name}${q ? `?${q}` : ''}`);
      showErrors(form, null);
      draw(data, query);
    } catch (e) {
      showErrors(form, e);
      mount(result);
    }
  }

  function draw(data, query) {
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = null;
    const error = h('p.error', { role: 'alert' });
    const csv = h('a.csv', { href: '#', on: { click: download } }, 'Download CSV');
    const used = Object.entries(data.parameters || {}).map(([k, v]) => `${k} ${v}`).join(', ');
    mount(result,
      used ? h('p.hint.report-parameters', `Computed for: ${used}`) : null,
      report.chart && data.rows.length ? chart(data) : null,
      data.rows.length === 0 ? h('p.hint', 'Nothing to report.') : table(h, data, report.label),
      h('div.actions', csv), error);

    async function download(event) {
      if (csv.dataset.ready === 'true') return; // the browser saves the file
      event.preventDefault();
      error.textContent = '';
      try {
        const q = new URLSearchParams(query);
        q.set('format', 'csv');
        csvUrl = await ctx.blobUrl(`/reports/${report.name}?${q}`, 'text/csv');
        csv.href = csvUrl;
        csv.download = `${fileName(data)}.csv`;
        csv.dataset.ready = 'true';
        csv.click();
      } catch (e) {
        error.textContent = e.message;
      }
    }
  }

  /** The report's series as SVG: one currency (the first, unless one was asked for) when amounts are per currency. */
  function chart(data) {
    const [kind, x, ys] = report.chart;
    const currency = data.columns.some((c) => c.name === 'currency') ? data.rows[0].currency : null;
    const rows = currency ? data.rows.filter((r) => r.currency === currency) : data.rows;
    const title = `${report.label}${currency ? ` (${currency})` : ''}`;
    return drawChart(kind, title, rows.map((r) => r[x]), ys.map((y) => ({ name: label(y),
      values: rows.map((r) => Number(r[y] ?? 0)) })));
  }
}

/** The report as a table: a column per report column, a row per row (data-key: its first cell, and its currency). */
function table(h, data, caption) {
  const key = (row) => [row[data.columns[0].name], data.columns[0].name !== 'currency' ? row.currency : null]
    .filter((v) => v !== null && v !== undefined).join(' ');
  return h('div.wide', h('table', h('caption.sr-only', caption),
    h('thead', h('tr', data.columns.map((c) => h('th', { scope: 'col' }, label(c.name))))),
    h('tbody', data.rows.map((row, i) => h('tr', { dataset: { row: String(i), key: key(row) } },
      data.columns.map((c) => h(NUMERIC.includes(c.type) ? 'td.num' : 'td', { dataset: { label: label(c.name) } },
        row[c.name] === null || row[c.name] === undefined ? '—' : String(row[c.name]))))))));
}

/** A column's name in words: meanHoursToResolve → Mean hours to resolve, days0to30 → Days 0 to 30. */
function label(name) {
  const words = name.replace(/([a-z])(?=[A-Z0-9])/g, '$1 ').replace(/([0-9])(?=[a-zA-Z])/g, '$1 ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** As the server names the file: customers-by-plan, revenue_2026-01-01_2026-12-31. */
function fileName(data) {
  return [data.name.replace(/\//g, '-'), ...['from', 'to', 'asOf'].map((k) => data.parameters?.[k])]
    .filter(Boolean).join('_');
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  el.append(...children.map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

/** A small line or bar chart of labelled series, with axes, its title and an aria-label. */
function drawChart(kind, title, labels, series) {
  const [W, H, L, R, T, B] = [640, 260, 64, 12, 34, 30];
  const all = series.flatMap((s) => s.values);
  const max = Math.max(0, ...all);
  const min = Math.min(0, ...all);
  const y = (v) => T + ((H - T - B) * (max - v)) / (max - min || 1);
  const step = (W - L - R) / Math.max(1, labels.length);
  const x = (i) => L + step * (i + 0.5);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: ${series.map((s) =>
    s.name).join(', ')} by ${labels.length} ${kind === 'bar' ? 'categories' : 'months'}`, class: 'report-chart',
  'font-size': 11, 'font-family': 'system-ui, sans-serif' }, svg('title', {}, title));
  root.append(svg('line', { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: '#5b6675' }),
    svg('line', { x1: L, y1: T, x2: L, y2: H - B, stroke: '#5b6675' }));
  for (const v of new Set([min, max])) {
    root.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', fill: '#1c2430' }, round(v)));
  }
  const every = Math.ceil(labels.length / 8);
  labels.forEach((l, i) => {
    if (i % every === 0) root.append(svg('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle' }, l));
  });
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length];
    if (kind === 'bar') {
      const w = (step * 0.7) / series.length;
      s.values.forEach((v, i) => root.append(svg('rect', { x: x(i) - step * 0.35 + k * w, y: Math.min(y(v), y(0)),
        width: w, height: Math.abs(y(v) - y(0)), fill: colour }, svg('title', {}, `${labels[i]}: ${v}`))));
    } else {
      root.append(svg('polyline', { points: s.values.map((v, i) => `${x(i)},${y(v)}`).join(' '), fill: 'none',
        stroke: colour, 'stroke-width': 2 }, svg('title', {}, s.name)));
    }
    root.append(svg('text', { x: L + k * 120, y: 16, fill: colour, 'font-size': 12 }, `■ ${s.name}`));
  });
  return root;
}

function round(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
