// The analytics page's scheduled reports (plugin advanced_reporting, /reports/schedules): the list, a new schedule,
// a run by hand, deletion, and one schedule with its deliveries. Changes are for isp_admin and isp_staff (the API
// refuses isp_readonly); their buttons are not shown to others.

const REPORTS = ['mrr', 'mrr/movements', 'cohorts', 'network/utilisation', 'revenue', 'ageing', 'customers/by-status',
  'customers/by-plan', 'customers/movements', 'tickets', 'tickets/by-status'];
const PERIODS = ['last-7-days', 'last-30-days', 'last-month', 'last-3-months', 'last-12-months', 'month-to-date',
  'year-to-date'];
const WRITERS = ['isp_admin', 'isp_staff'];

const when = (t) => (t ? new Date(t).toLocaleString() : '—');
const id = (s) => encodeURIComponent(s);

/** The tenant's schedules, 50 a page. */
export async function schedules(body, ctx) {
  const { h, mount } = ctx;
  const writer = WRITERS.includes(ctx.caller.role);
  const status = h('p.notice.run-status', { role: 'status' });
  const error = h('p.error', { role: 'alert' });
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(body, h('h2', 'Scheduled reports'),
    writer ? h('div.toolbar', h('button.primary', { type: 'button', on: { click: () => create(ctx, () => load(0)) } },
      'New schedule')) : null,
    status, error, list, pager);
  await load(0);

  async function load(index) {
    const q = new URLSearchParams({ limit: '50' });
    if (cursors[index]) q.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/reports/schedules?${q}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No scheduled reports yet.') : h('div.wide', h('table',
      h('caption.sr-only', 'Scheduled reports'),
      h('thead', h('tr', ['Name', 'Report', 'When', 'Recipients', 'Next run', 'Last delivery',
        writer ? 'Actions' : null].filter(Boolean).map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((s) => h('tr', { dataset: { schedule: s.id } },
        h('td', { dataset: { label: 'Name' } }, h('a', { href: `#/analytics/schedules/${id(s.id)}` }, s.name)),
        h('td', { dataset: { label: 'Report' } }, s.report),
        h('td', { dataset: { label: 'When' } }, `${s.cron} (${s.timeZone})`),
        h('td', { dataset: { label: 'Recipients' } }, s.recipients.join(', ')),
        h('td', { dataset: { label: 'Next run' } }, s.enabled ? when(s.nextRunAt) : 'Disabled'),
        h('td', { dataset: { label: 'Last delivery' } }, s.last ? `${s.last.status}, ${when(s.last.createdAt)}` : '—'),
        writer ? h('td.row-actions', { dataset: { label: 'Actions' } },
          h('button', { type: 'button', on: { click: (e) => act(e, () => run(ctx, s, status)) } }, 'Run now'),
          h('button', { type: 'button', on: { click: (e) => act(e, () => remove(ctx, s)) } }, 'Delete')) : null))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }

  async function act(event, call) {
    const button = event.currentTarget;
    error.textContent = '';
    button.disabled = true;
    try {
      if (await call()) await load(0);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  }
}

/** Runs a schedule now; says how its delivery went. */
async function run(ctx, s, status) {
  status.textContent = `Running ${s.name}…`;
  const d = await ctx.api('POST', `/reports/schedules/${id(s.id)}/run`);
  status.dataset.status = d.status;
  status.textContent = `${s.name}: ${d.status}${d.detail ? ` (${d.detail})` : ''}`;
  return true;
}

async function remove(ctx, s) {
  if (!window.confirm(`Delete the scheduled report ${s.name}? Its deliveries go with it.`)) return false;
  await ctx.api('DELETE', `/reports/schedules/${id(s.id)}`);
  return true;
}

/** One schedule: what it sends when, and its deliveries, newest first. */
export async function schedule(body, ctx, scheduleId) {
  const { h, mount } = ctx;
  const s = await ctx.api('GET', `/reports/schedules/${id(scheduleId)}`);
  const writer = WRITERS.includes(ctx.caller.role);
  const status = h('p.notice.run-status', { role: 'status' });
  const error = h('p.error', { role: 'alert' });
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  const parameters = Object.entries(s.parameters || {}).map(([k, v]) => `${k}=${v}`).join(', ') || '—';
  const act = (text, call) => h('button', { type: 'button', on: { click: async () => {
    error.textContent = '';
    try {
      if (await call()) await load(0);
    } catch (e) {
      error.textContent = e.message;
    }
  } } }, text);
  mount(body,
    h('p', h('a', { href: '#/analytics/schedules' }, '← Scheduled reports')),
    h('h2', s.name),
    h('dl.figures', [['Report', s.report], ['Parameters', parameters], ['When', `${s.cron} (${s.timeZone})`],
      ['Recipients', s.recipients.join(', ')], ['Next run', s.enabled ? when(s.nextRunAt) : 'Disabled']]
      .map(([k, v]) => h('div.figure', h('dt', k), h('dd', v)))),
    status, error,
    writer ? h('div.actions', act('Run now', () => run(ctx, s, status)), act('Delete', async () => {
      if (await remove(ctx, s)) ctx.navigate('analytics/schedules');
      return false;
    })) : null,
    h('h3', 'Deliveries'), list, pager);
  await load(0);

  async function load(index) {
    const q = new URLSearchParams({ limit: '20' });
    if (cursors[index]) q.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/reports/schedules/${id(s.id)}/deliveries?${q}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'Not delivered yet.') : h('div.wide', h('table',
      h('caption.sr-only', 'Deliveries'),
      h('thead', h('tr', ['Started', 'Due', 'Status', 'Detail', 'Attachments', 'Finished'].map((c) => h('th',
        { scope: 'col' }, c)))),
      h('tbody', page.items.map((d) => h('tr', { dataset: { delivery: d.id, status: d.status } },
        h('td', { dataset: { label: 'Started' } }, when(d.createdAt)),
        h('td', { dataset: { label: 'Due' } }, d.dueAt ? when(d.dueAt) : 'By hand'),
        h('td', { dataset: { label: 'Status' } }, d.status),
        h('td', { dataset: { label: 'Detail' } }, d.detail || '—'),
        h('td', { dataset: { label: 'Attachments' } }, d.attachments || '—'),
        h('td', { dataset: { label: 'Finished' } }, when(d.finishedAt))))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** The new-schedule dialog: every error the API names is shown next to its field. */
function create(ctx, done) {
  const { h, field, showErrors } = ctx;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const inputs = {
    name: h('input', { name: 'name', maxLength: 200 }),
    report: h('select', { name: 'report' }, h('option', { value: '' }, 'Choose…'),
      REPORTS.map((r) => h('option', { value: r }, r))),
    period: h('select', { name: 'parameters.period' }, h('option', { value: '' }, 'The report\'s default'),
      PERIODS.map((p) => h('option', { value: p }, p))),
    currency: h('input', { name: 'parameters.currency', maxLength: 3, placeholder: 'USD' }),
    cron: h('input', { name: 'cron', placeholder: '0 7 1 * *', autocomplete: 'off' }),
    timeZone: h('input', { name: 'timeZone', value: zone }),
    recipients: h('textarea', { name: 'recipients', rows: 3 }),
    enabled: h('input', { name: 'enabled', type: 'checkbox', checked: true }),
  };
  const dialog = h('dialog', { 'aria-labelledby': 'schedule-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#schedule-dialog-title', 'New scheduled report'),
    field('Name', inputs.name, 'Empty: the report\'s name'), field('Report', inputs.report),
    field('Period', inputs.period), field('Currency', inputs.currency, 'Empty: every currency'),
    field('Cron', inputs.cron, 'minute hour day-of-month month day-of-week: 0 7 1 * * is 07:00 on the 1st'),
    field('Time zone', inputs.timeZone), field('Recipients', inputs.recipients, 'E-mail addresses, one a line'),
    h('label.switch', inputs.enabled, h('span', 'Enabled')),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save schedule')));
  ctx.showDialog(dialog, form);
  inputs.name.focus();

  async function save(event) {
    event.preventDefault();
    const body = { report: inputs.report.value, cron: inputs.cron.value.trim(), parameters: {},
      recipients: inputs.recipients.value.split(/[\s,;]+/).filter(Boolean), enabled: inputs.enabled.checked };
    if (inputs.name.value.trim()) body.name = inputs.name.value.trim();
    if (inputs.timeZone.value.trim()) body.timeZone = inputs.timeZone.value.trim();
    if (inputs.period.value) body.parameters.period = inputs.period.value;
    if (inputs.currency.value.trim()) body.parameters.currency = inputs.currency.value.trim();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await ctx.api('POST', '/reports/schedules', body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e); // recipients[2] lands on the recipients field
    } finally {
      button.disabled = false;
    }
  }
}
