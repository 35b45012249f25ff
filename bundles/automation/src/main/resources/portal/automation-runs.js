// The automation page's runs log (plugin advanced_automation): every execution of a rule for an event, newest first,
// by rule and status, and one run's details: its event, why it ended so, and each attempt of each action.

export const STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'LOOP_STOPPED', 'RATE_LIMITED'];
const when = (t) => (t ? new Date(t).toLocaleString() : '—');

/** All rules' names by id (for the filter and the table); the first 200 rules. */
async function ruleNames(ctx) {
  const page = await ctx.api('GET', '/automation/rules?limit=200');
  return new Map(page.items.map((r) => [r.id, r.name]));
}

/** A table of runs; `names` maps rule ids to names. */
export function runsTable(ctx, runs, names, caption) {
  const { h } = ctx;
  return h('table',
    h('caption.sr-only', caption),
    h('thead', h('tr', ['Started', 'Rule', 'Event', 'Status', 'Attempts', 'Finished'].map((c) => h('th',
      { scope: 'col' }, c)))),
    h('tbody', runs.map((r) => h('tr', { dataset: { run: r.id, status: r.status } },
      h('td', { dataset: { label: 'Started' } }, h('a', { href: `#/automation/runs/${encodeURIComponent(r.id)}` },
        when(r.createdAt))),
      h('td', { dataset: { label: 'Rule' } }, h('a', { href: `#/automation/rules/${encodeURIComponent(r.ruleId)}` },
        names.get(r.ruleId) || r.ruleId)),
      h('td', { dataset: { label: 'Event' } }, r.topic),
      h('td', { dataset: { label: 'Status' } }, r.status, r.reason ? h('p.hint', r.reason) : null),
      h('td', { dataset: { label: 'Attempts' } }, String(r.attempts)),
      h('td', { dataset: { label: 'Finished' } }, r.status === 'PENDING' && r.nextAttemptAt
        ? `next attempt ${when(r.nextAttemptAt)}` : when(r.finishedAt))))));
}

/** The runs, filtered by rule and status, a page at a time. */
export async function runs(root, ctx, tabs) {
  const { h, mount, field } = ctx;
  const names = await ruleNames(ctx);
  const rule = h('select', { name: 'rule' }, h('option', { value: '' }, 'Any'),
    [...names].map(([id, name]) => h('option', { value: id }, name)));
  const status = h('select', { name: 'status' }, ['', ...STATUSES].map((s) => h('option', { value: s }, s || 'Any')));
  const form = h('form.toolbar', { role: 'search', noValidate: true,
    on: { submit: (e) => { e.preventDefault(); load(0); } } },
    field('Rule', rule), field('Status', status), h('button', { type: 'submit' }, 'Filter'));
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(root, h('h1', 'Automation'), tabs, form, list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (rule.value) params.set('rule', rule.value);
    if (status.value) params.set('status', status.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    let page;
    try {
      page = await ctx.api('GET', `/automation/runs?${params}`);
      ctx.showErrors(form, null);
    } catch (e) {
      ctx.showErrors(form, e);
      return;
    }
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No runs match.') : runsTable(ctx, page.items, names, 'Runs'));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** One run: its status and reason, its event's fields, the rules that caused it and each action attempt. */
export async function run(root, ctx, id) {
  const { h, mount } = ctx;
  const r = await ctx.api('GET', `/automation/runs/${encodeURIComponent(id)}`);
  const names = await ruleNames(ctx).catch(() => new Map());
  const name = (ruleId) => names.get(ruleId) || ruleId;
  const figures = [['Status', r.status], ['Attempts', String(r.attempts)], ['Started', when(r.createdAt)],
    [r.status === 'PENDING' ? 'Next attempt' : 'Finished', when(r.status === 'PENDING' ? r.nextAttemptAt
      : r.finishedAt)]];
  mount(root,
    h('p', h('a', { href: '#/automation/runs' }, '← Runs')),
    h('h1', `Run of ${name(r.ruleId)}`),
    h('p.state', { dataset: { status: r.status } }, `${r.status} · ${r.topic}`),
    r.reason ? h('p.run-reason', r.reason) : null,
    h('dl.figures', figures.map(([k, v]) => h('div.figure', h('dt', k), h('dd', v)))),
    h('p', h('a', { href: `#/automation/rules/${encodeURIComponent(r.ruleId)}` }, `See the rule ${name(r.ruleId)}`)),
    r.chain.length ? h('p', `Caused by the actions of: ${r.chain.map(name).join(' → ')}`) : null,
    h('h2', 'Event'),
    h('table.event', h('caption.sr-only', 'Event fields'),
      h('thead', h('tr', h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Value'))),
      h('tbody', Object.entries(r.event).map(([k, v]) => h('tr', h('td', { dataset: { label: 'Field' } }, k),
        h('td', { dataset: { label: 'Value' } }, Array.isArray(v) ? v.join(', ') : String(v)))))),
    h('h2', 'Actions'),
    r.actions.length === 0 ? h('p.hint', 'No action has been tried yet.') : h('table',
      h('caption.sr-only', 'Action attempts'),
      h('thead', h('tr', ['Action', 'Type', 'Attempt', 'Status', 'Detail', 'Took', 'At'].map((c) => h('th',
        { scope: 'col' }, c)))),
      h('tbody', r.actions.map((a) => h('tr', { dataset: { action: String(a.index), status: a.status } },
        h('td', { dataset: { label: 'Action' } }, String(a.index + 1)),
        h('td', { dataset: { label: 'Type' } }, a.type),
        h('td', { dataset: { label: 'Attempt' } }, String(a.attempt)),
        h('td', { dataset: { label: 'Status' } }, a.status),
        h('td', { dataset: { label: 'Detail' } }, a.detail || ''),
        h('td', { dataset: { label: 'Took' } }, `${a.durationMillis} ms`),
        h('td', { dataset: { label: 'At' } }, when(a.at)))))),
    ['PENDING', 'RUNNING'].includes(r.status)
      ? h('div.actions', h('button', { type: 'button', on: { click: () => run(root, ctx, id) } }, 'Refresh')) : null);
}
