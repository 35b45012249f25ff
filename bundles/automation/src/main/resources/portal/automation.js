// The automation page (plugin advanced_automation): the tenant's rules (an event or a schedule, conditions, ordered
// actions), a rule's view with its dry run and latest runs, and the runs log. Rendered by the portal shell:
// render(root, ctx, path). Routes: #/automation, #/automation/rules/new, #/automation/rules/<id>[/edit],
// #/automation/runs, #/automation/runs/<id>. Rules are changed by isp_admin only.

import { ACTIONS, editor, fieldsOf, loadEvents } from './automation-rule.js';
import { run, runs, runsTable } from './automation-runs.js';

const when = (t) => (t ? new Date(t).toLocaleString() : '—');
const trigger = (t) => (t.cron ? `cron ${t.cron} (${t.zone || 'UTC'})` : t.topic);

export default async function render(root, ctx, path) {
  const [section, id, more] = path || [];
  const tabs = ctx.h('nav.tabs', { 'aria-label': 'Automation' },
    ctx.h('a', { href: '#/automation', 'aria-current': section !== 'runs' ? 'page' : null }, 'Rules'),
    ctx.h('a', { href: '#/automation/runs', 'aria-current': section === 'runs' ? 'page' : null }, 'Runs'));
  if (section === 'runs') await (id ? run(root, ctx, id) : runs(root, ctx, tabs));
  else if (section === 'rules' && id === 'new') await editor(root, ctx, null);
  else if (section === 'rules' && id && more === 'edit') await editor(root, ctx, id);
  else if (section === 'rules' && id) await rule(root, ctx, id);
  else await rules(root, ctx, tabs);
}

/** The buttons that change a rule (isp_admin only): enable/disable and delete; `after(deleted)` redraws. */
function switches(ctx, r, after) {
  const { h } = ctx;
  const error = h('p.error', { role: 'alert' });
  const path = `/automation/rules/${encodeURIComponent(r.id)}`;
  const act = async (call, deleted) => {
    error.textContent = '';
    try {
      await call();
      await after(deleted);
    } catch (e) {
      error.textContent = e.message;
    }
  };
  return h('div.actions',
    h('button', { type: 'button', on: { click: () => act(() => ctx.api('POST', `${path}/${r.enabled ? 'disable'
      : 'enable'}`), false) } }, r.enabled ? 'Disable' : 'Enable'),
    h('button', { type: 'button', on: { click: () => window.confirm(`Delete the rule ${r.name} and its runs?`)
      && act(() => ctx.api('DELETE', path), true) } }, 'Delete'),
    error);
}

/** The rules, a page at a time. */
async function rules(root, ctx, tabs) {
  const { h, mount } = ctx;
  const admin = ctx.caller.role === 'isp_admin';
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(root, h('h1', 'Automation'), tabs,
    admin ? h('div.toolbar', h('button.primary', { type: 'button', on: { click: () =>
      ctx.navigate('automation/rules/new') } }, 'New rule')) : null,
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/automation/rules?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    const heads = ['Name', 'Trigger', 'Actions', 'Status', 'Next run', ...(admin ? ['Change'] : [])];
    mount(list, page.items.length === 0 ? h('p.hint', 'No rules yet.') : h('table',
      h('caption.sr-only', 'Rules'),
      h('thead', h('tr', heads.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((r) => h('tr', { dataset: { rule: r.id, enabled: String(r.enabled) } },
        h('td', { dataset: { label: 'Name' } }, h('a', { href: `#/automation/rules/${encodeURIComponent(r.id)}` },
          r.name)),
        h('td', { dataset: { label: 'Trigger' } }, trigger(r.trigger)),
        h('td', { dataset: { label: 'Actions' } }, r.actions.map((a) => a.type).join(', ')),
        h('td', { dataset: { label: 'Status' } }, r.enabled ? 'Enabled' : 'Disabled'),
        h('td', { dataset: { label: 'Next run' } }, r.nextRunAt ? when(r.nextRunAt) : '—'),
        admin ? h('td', { dataset: { label: 'Change' } }, switches(ctx, r, () => load(index))) : null)))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** A condition tree as text. */
function condition(c) {
  if (c.all || c.any) return `${c.all ? 'all' : 'any'} of (${(c.all || c.any).map(condition).join('; ')})`;
  return `${c.field} ${c.op} ${Array.isArray(c.value) ? `[${c.value.join(', ')}]` : c.value}`;
}

/** One rule: what it does, its switches, a dry run and its latest runs. */
async function rule(root, ctx, id) {
  const { h, mount } = ctx;
  const path = `/automation/rules/${encodeURIComponent(id)}`;
  const [r, latest] = await Promise.all([ctx.api('GET', path),
    ctx.api('GET', `/automation/runs?rule=${encodeURIComponent(id)}&limit=10`), loadEvents(ctx)]);
  const admin = ctx.caller.role === 'isp_admin';
  mount(root,
    h('p', h('a', { href: '#/automation' }, '← Rules')),
    h('h1', r.name),
    r.description ? h('p', r.description) : null,
    h('dl.figures', [['Trigger', trigger(r.trigger)], ['Status', r.enabled ? 'Enabled' : 'Disabled'],
      ['Next run', r.nextRunAt ? when(r.nextRunAt) : '—'], ['Changed', when(r.updatedAt)]]
      .map(([k, v]) => h('div.figure', h('dt', k), h('dd', v)))),
    h('h2', 'Conditions'),
    h('p.rule-conditions', r.conditions ? condition(r.conditions) : 'None: the rule acts on every event.'),
    h('h2', 'Actions'),
    h('ol.rule-actions', r.actions.map((a) => h('li', { dataset: { type: a.type } }, h('strong', a.type),
      ` ${(ACTIONS[a.type] || []).filter((k) => a[k] !== undefined)
        .map((k) => `${k}: ${Array.isArray(a[k]) ? a[k].join(', ') : a[k]}`).join(' · ')}`))),
    admin ? h('div.actions', h('button', { type: 'button', on: { click: () =>
      ctx.navigate(`automation/rules/${encodeURIComponent(id)}/edit`) } }, 'Edit rule'),
    switches(ctx, r, (deleted) => (deleted ? ctx.navigate('automation') : rule(root, ctx, id)))) : null,
    ctx.caller.role === 'isp_readonly' ? null : dryRun(ctx, r, path),
    h('h2', 'Latest runs'),
    latest.items.length === 0 ? h('p.hint', 'It has not run yet.')
      : runsTable(ctx, latest.items, new Map([[r.id, r.name]]), 'Latest runs of this rule'),
    h('p', h('a', { href: '#/automation/runs' }, 'All runs')));
}

/** What the rule would do for a sample event (one input per field of its event), doing nothing. */
function dryRun(ctx, r, path) {
  const { h, field } = ctx;
  const inputs = fieldsOf(r.trigger).map((name) => h('input', { name: `event.${name}`, dataset: { field: name } }));
  const result = h('div.dry-run', { 'aria-live': 'polite' });
  const form = h('form.card', { noValidate: true, on: { submit: test } },
    h('h2', 'Dry run'),
    h('p.hint', 'Fill in a sample event: the rule\'s conditions are tested and its actions described, none taken.'),
    h('div.event-fields', inputs.map((i) => field(i.dataset.field, i))),
    h('button.primary', { type: 'submit' }, 'Try it'), result);
  return form;

  async function test(event) {
    event.preventDefault();
    const sample = {};
    for (const i of inputs) if (i.value.trim()) sample[i.dataset.field] = i.value.trim();
    try {
      const d = await ctx.api('POST', `${path}/dry-run`, { event: sample });
      ctx.showErrors(form, null);
      ctx.mount(result,
        h('p.state', { dataset: { matched: String(d.matched) } }, d.matched ? 'The conditions hold: it would act.'
          : 'The conditions do not hold: it would do nothing.'),
        h('ul', d.conditions.map((c) => h('li', c))),
        h('ol', d.actions.map((s) => h('li', s.refused ? `${s.type}: refused, ${s.refused}` : s.wouldDo))));
    } catch (e) {
      ctx.mount(result);
      ctx.showErrors(form, e);
    }
  }
}
