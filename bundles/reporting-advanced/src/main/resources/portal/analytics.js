// The analytics page (plugin advanced_reporting): MRR and its movements, cohort retention (with the server's charts,
// SVG), network utilisation at the 95th percentile, and scheduled reports e-mailed to recipients.
// render(root, ctx, path): path[0] the tab (mrr, cohorts, network, schedules), path[1] a schedule's id.

import { schedule, schedules } from './schedules.js';

const TABS = [['mrr', 'MRR'], ['cohorts', 'Cohorts'], ['network', 'Network'], ['schedules', 'Schedules']];
const PERIODS = ['last-7-days', 'last-30-days', 'last-month', 'last-3-months', 'last-12-months', 'month-to-date',
  'year-to-date'];
const MRR = ['month', 'currency', 'mrr', 'arr', 'customers', 'arpu', 'customerChurnRate', 'revenueChurnRate',
  'netRevenueRetention'];
const MOVES = ['month', 'currency', 'newMrr', 'expansionMrr', 'contractionMrr', 'churnedMrr', 'netNewMrr',
  'newCustomers', 'churnedCustomers'];
const LABELS = { mrr: 'MRR', arr: 'ARR', arpu: 'ARPU', customerChurnRate: 'Customer churn (%)',
  revenueChurnRate: 'Revenue churn (%)', netRevenueRetention: 'Net revenue retention (%)', in95Bps: 'In, 95th pct',
  out95Bps: 'Out, 95th pct', inMaxBps: 'In, max', outMaxBps: 'Out, max', speedMbps: 'Speed (Mbit/s)',
  utilisation95: 'Utilisation, 95th pct (%)', ifIndex: 'Interface index', deviceId: 'Device id' };
const RATES = ['in95Bps', 'out95Bps', 'inMaxBps', 'outMaxBps'];

export default async function render(root, ctx, path) {
  const { h, mount } = ctx;
  const tab = TABS.some(([id]) => id === path?.[0]) ? path[0] : 'mrr';
  const body = h('section.analytics', { dataset: { tab } });
  mount(root, h('h1', 'Analytics'),
    h('nav.tabs', { 'aria-label': 'Analytics' }, TABS.map(([id, text]) => h('a', { href: `#/analytics/${id}`,
      'aria-current': id === tab ? 'page' : null, dataset: { tab: id } }, text))),
    body);
  if (tab === 'mrr') await reportView(body, ctx, 'Monthly recurring revenue', '/reports/mrr', true, drawMrr);
  if (tab === 'cohorts') await reportView(body, ctx, 'Cohort retention', '/reports/cohorts', false, drawCohorts);
  if (tab === 'network') await reportView(body, ctx, 'Network utilisation', '/reports/network/utilisation', false,
    drawNetwork);
  if (tab === 'schedules') await (path[1] ? schedule(body, ctx, path[1]) : schedules(body, ctx));
}

/** A report's range (and currency) as a form; its result drawn by draw(result, ctx, report, query). */
async function reportView(body, ctx, title, path, currency, draw) {
  const { h, mount, field, showErrors } = ctx;
  const form = h('form.toolbar', { noValidate: true, on: { submit: run } },
    field('Period', h('select', { name: 'period' }, h('option', { value: '' }, 'The dates below'),
      PERIODS.map((p) => h('option', { value: p }, p)))),
    field('From', h('input', { name: 'from', type: 'date' })), field('To', h('input', { name: 'to', type: 'date' })),
    currency ? field('Currency', h('input', { name: 'currency', maxLength: 3, placeholder: 'USD' })) : null,
    h('button.primary', { type: 'submit' }, 'Show'));
  const result = h('div.report-result');
  mount(body, h('h2', title), form, result);
  await run();

  async function run(event) {
    event?.preventDefault();
    const query = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value.trim()) query.set(el.name, el.value.trim());
    try {
      const report = await ctx.api('GET', `${path}${query.toString() ? `?${query}` : ''}`);
      showErrors(form, null);
      mount(result, h('p.loading', 'Loading…'));
      await draw(result, ctx, report, query);
    } catch (e) {
      showErrors(form, e);
      mount(result);
    }
  }
}

async function drawMrr(result, ctx, report, query) {
  const { h, mount } = ctx;
  const currencies = [...new Set(report.rows.map((r) => r.currency))];
  const chartQuery = new URLSearchParams(query);
  if (!query.get('currency') && currencies.length > 1) chartQuery.set('currency', currencies[0]);
  const last = report.rows.length ? report.rows[report.rows.length - 1].month : null;
  const [line, bars] = await Promise.all([chart(ctx, '/reports/mrr', chartQuery, 'MRR by month'),
    chart(ctx, '/reports/mrr/movements', chartQuery, 'MRR movements by month: new and expansion above zero, '
      + 'contraction and churned below')]);
  mount(result,
    h('dl.figures', report.rows.filter((r) => r.month === last).flatMap((r) => [['MRR', r.mrr, 'mrr'],
      ['ARR', r.arr, 'arr'], ['Paying customers', r.customers, 'customers'], ['ARPU', r.arpu, 'arpu'],
      ['Net revenue retention', r.netRevenueRetention == null ? null : `${r.netRevenueRetention} %`, 'nrr']]
      .map(([k, v, id]) => h('div.figure', { dataset: { figure: id, currency: r.currency } },
        h('dt', `${k} (${r.currency}, ${r.month})`), h('dd', v == null ? '—' : String(v)))))),
    currencies.length > 1 ? h('p.hint', `The charts show ${chartQuery.get('currency')}; choose a currency above.`)
      : null,
    line, bars, table(h, report, 'MRR by month', MRR), h('h3', 'Movements'), table(h, report, 'MRR movements', MOVES),
    csv(ctx, '/reports/mrr', query, 'mrr'));
}

async function drawCohorts(result, ctx, report, query) {
  const { h, mount } = ctx;
  mount(result, await chart(ctx, '/reports/cohorts', query, 'Cohort retention: the percentage of each signup '
    + "month's customers still subscribed, by months since signup"),
  h('p.hint', 'Month 0, 1, ...: the percentage of the cohort still subscribed at the end of that month.'),
  table(h, report, 'Cohort retention (%)'), csv(ctx, '/reports/cohorts', query, 'cohorts'));
}

async function drawNetwork(result, ctx, report, query) {
  const { h, mount } = ctx;
  const shown = (c, v) => (RATES.includes(c) && v != null ? rate(v) : v);
  mount(result, table(h, report, 'Network utilisation per device and interface', null, shown),
    csv(ctx, '/reports/network/utilisation', query, 'network-utilisation'));
}

/** The server's chart of a report (SVG) in an <img>, or why there is none. */
async function chart(ctx, path, query, alt) {
  const q = new URLSearchParams(query);
  q.set('format', 'svg');
  try {
    const img = ctx.h('img.report-chart', { alt, src: await ctx.blobUrl(`${path}?${q}`, 'image/svg+xml') });
    img.addEventListener('load', () => URL.revokeObjectURL(img.src), { once: true });
    return img;
  } catch (e) {
    return ctx.h('p.error', { role: 'alert' }, `No chart: ${e.message}`);
  }
}

/** A link that fetches the report as CSV when first clicked, then saves it. */
function csv(ctx, path, query, file) {
  const error = ctx.h('p.error', { role: 'alert' });
  const link = ctx.h('a.csv', { href: '#', on: { click: async (event) => {
    if (link.dataset.ready === 'true') return;
    event.preventDefault();
    const q = new URLSearchParams(query);
    q.set('format', 'csv');
    try {
      link.href = await ctx.blobUrl(`${path}?${q}`, 'text/csv');
      link.download = `${file}.csv`;
      link.dataset.ready = 'true';
      link.click();
    } catch (e) {
      error.textContent = e.message;
    }
  } } }, 'Download CSV');
  return ctx.h('div.actions', link, error);
}

/** The report's rows as a table (only `only` of its columns when given). */
function table(h, report, caption, only, shown = (c, v) => v) {
  const columns = only ? report.columns.filter((c) => only.includes(c.name)) : report.columns;
  if (report.rows.length === 0) return h('p.hint', 'Nothing to report for these dates.');
  return h('div.wide', h('table', h('caption.sr-only', caption),
    h('thead', h('tr', columns.map((c) => h('th', { scope: 'col' }, label(c.name))))),
    h('tbody', report.rows.map((row, i) => h('tr', { dataset: { row: String(i), key: [row.month ?? row.cohort
      ?? row.deviceId, row.currency ?? row.ifIndex].filter((v) => v != null).join(' ') } },
    columns.map((c) => h('td', { dataset: { label: label(c.name) } },
      row[c.name] == null ? '—' : String(shown(c.name, row[c.name])))))))));
}

function label(name) {
  if (LABELS[name]) return LABELS[name];
  const words = name.replace(/([a-z])(?=[A-Z0-9])/g, '$1 ').replace(/([0-9])(?=[a-zA-Z])/g, '$1 ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1).replace(/\bmrr\b/g, 'MRR');
}

function rate(bps) {
  const units = [[1e9, 'Gbit/s'], [1e6, 'Mbit/s'], [1e3, 'kbit/s']];
  const [size, unit] = units.find(([s]) => bps >= s) || [1, 'bit/s'];
  return `${(bps / size).toFixed(size === 1 ? 0 : 2)} ${unit}`;
}
