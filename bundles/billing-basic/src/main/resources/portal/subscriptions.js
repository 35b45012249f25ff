// The subscriptions page (plugin basic_billing): who is on which plan, filtered by status or customer; subscribe a
// customer, change the plan (prorated by recurring billing), suspend and resume, cancel at the period's end or now.

const STATUSES = ['', 'ACTIVE', 'SUSPENDED', 'CANCELLED'];

export default async function render(root, ctx) {
  const { h, mount, field } = ctx;
  const writer = ctx.caller.role !== 'isp_readonly';
  const plans = await allPlans(ctx);
  const status = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s }, s || 'Any')));
  const customer = customerPicker(ctx, 'customerId', true);
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  const names = new Map();
  mount(root, h('h1', 'Subscriptions'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      customer.fields, field('Status', status), h('button', { type: 'submit' }, 'Show'),
      writer ? h('button.primary', { type: 'button', on: { click: () => subscribe(ctx, plans, () => load(0)) } },
        'Subscribe a customer') : null),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (status.value) params.set('status', status.value);
    if (customer.select.value) params.set('customerId', customer.select.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/subscriptions?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    // the customers' names, each asked once (a page holds at most 50)
    await Promise.all([...new Set(page.items.map((s) => s.customerId))].filter((id) => !names.has(id))
      .map(async (id) => names.set(id, await ctx.api('GET', `/customers/${encodeURIComponent(id)}`)
        .then((c) => c.name, () => id))));
    mount(list, page.items.length === 0 ? h('p.hint', 'No subscriptions match.') : h('table',
      h('caption.sr-only', 'Subscriptions'),
      h('thead', h('tr', ['Customer', 'Plan', 'Since', 'Status', 'Next bill', ''].map((c) => h('th', { scope: 'col' },
        c)))),
      h('tbody', page.items.map((s) => h('tr', { dataset: { subscription: s.id, status: s.status } },
        h('td', { dataset: { label: 'Customer' } }, h('a', { href: `#/customers/${encodeURIComponent(s.customerId)}` },
          names.get(s.customerId) || s.customerId)),
        h('td', { dataset: { label: 'Plan' } }, plans.get(s.planId)?.name || s.planId),
        h('td', { dataset: { label: 'Since' } }, s.startDate),
        h('td', { dataset: { label: 'Status' } }, s.cancelAt && s.status !== 'CANCELLED'
          ? `${s.status}, ends ${s.cancelAt}` : s.status),
        h('td', { dataset: { label: 'Next bill' } }, s.status === 'CANCELLED' ? '—' : s.nextBillingDate || '—'),
        h('td', writer && s.status !== 'CANCELLED' ? h('button', { type: 'button',
          'aria-label': `Manage the subscription of ${names.get(s.customerId) || s.customerId}`,
          on: { click: () => manage(ctx, s, plans, () => load(index)) } }, 'Manage') : null))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** Every plan (active or retired) by id: a tenant has tens, not thousands. */
async function allPlans(ctx) {
  const plans = new Map();
  let cursor = null;
  do {
    const page = await ctx.api('GET', `/plans?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const p of page.items) plans.set(p.id, p);
    cursor = page.nextCursor;
  } while (cursor);
  return plans;
}

/** A customer chosen by searching (a tenant may have thousands): a search box filling a labelled select. */
function customerPicker(ctx, name, any) {
  const { h, field } = ctx;
  const q = h('input', { type: 'search', name: `${name}-search`, placeholder: 'Name or e-mail' });
  const select = h('select', { name });
  let timer = null;
  async function fill() {
    const params = new URLSearchParams({ limit: '50', status: 'ACTIVE' });
    if (q.value.trim()) params.set('q', q.value.trim());
    const page = await ctx.api('GET', `/customers?${params}`).catch(() => ({ items: [] }));
    const keep = select.value;
    select.replaceChildren(h('option', { value: '' }, any ? 'Any' : 'Choose…'),
      ...page.items.map((c) => h('option', { value: c.id, selected: c.id === keep }, `${c.name} (${c.email})`)));
  }
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(fill, 250);
  });
  fill();
  return { select, fields: [field('Find a customer', q), field('Customer', select)] };
}

/** A new subscription: customer, active plan, start date (today unless changed). */
function subscribe(ctx, plans, done) {
  const { h, field, showErrors } = ctx;
  const customer = customerPicker(ctx, 'customerId', false);
  const plan = h('select', { name: 'planId' }, h('option', { value: '' }, 'Choose…'),
    [...plans.values()].filter((p) => p.active).map((p) => h('option', { value: p.id },
      `${p.name} (${p.price} ${p.currency}, ${p.billingPeriod.toLowerCase()})`)));
  const today = new Date();
  const start = h('input', { name: 'startDate', type: 'date', value: [today.getFullYear(),
    String(today.getMonth() + 1).padStart(2, '0'), String(today.getDate()).padStart(2, '0')].join('-') });
  const dialog = h('dialog', { 'aria-labelledby': 'subscription-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#subscription-dialog-title', 'Subscribe a customer'),
    customer.fields, field('Plan', plan), field('Start date', start, 'The first period starts on this day'),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Subscribe')));
  ctx.showDialog(dialog, form);

  async function save(event) {
    event.preventDefault();
    const body = { customerId: customer.select.value, planId: plan.value, startDate: start.value };
    try {
      await ctx.api('POST', '/subscriptions', body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }
}

/** One subscription's changes: another plan, suspend or resume, cancel. */
function manage(ctx, s, plans, done) {
  const { h, field, showErrors } = ctx;
  const plan = h('select', { name: 'planId' }, [...plans.values()].filter((p) => p.active || p.id === s.planId)
    .map((p) => h('option', { value: p.id, selected: p.id === s.planId }, `${p.name} (${p.price} ${p.currency})`)));
  const state = h('select', { name: 'status' }, ['ACTIVE', 'SUSPENDED'].map((v) => h('option', { value: v,
    selected: v === s.status }, v)));
  const dialog = h('dialog', { 'aria-labelledby': 'manage-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#manage-dialog-title', 'Manage the subscription'),
    field('Plan', plan, 'A change mid-period is prorated on the next bill'), field('Status', state),
    h('div.actions',
      h('button', { type: 'button', on: { click: () => cancel('END_OF_PERIOD') } }, 'Cancel at period end'),
      h('button', { type: 'button', on: { click: () => cancel('NOW') } }, 'Cancel now')),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Close'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  plan.focus();

  async function save(event) {
    event.preventDefault();
    const body = {};
    if (plan.value !== s.planId) body.planId = plan.value;
    if (state.value !== s.status) body.status = state.value;
    try {
      if (Object.keys(body).length) await ctx.api('PATCH', `/subscriptions/${encodeURIComponent(s.id)}`, body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }

  async function cancel(at) {
    const when = at === 'NOW' ? 'now' : 'at the end of the period';
    if (!window.confirm(`Cancel this subscription ${when}?`)) return;
    try {
      await ctx.api('POST', `/subscriptions/${encodeURIComponent(s.id)}/cancel?at=${at}`);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }
}
