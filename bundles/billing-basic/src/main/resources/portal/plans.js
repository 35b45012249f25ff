// The plans page (plugin basic_billing): the tenant's service plans, active or retired; add one, change one, retire
// or bring back. Rendered by the portal shell: render(root, ctx, path).

const PERIODS = ['MONTHLY', 'QUARTERLY', 'YEARLY'];

export default async function render(root, ctx) {
  const { h, mount, field } = ctx;
  const writer = ctx.caller.role !== 'isp_readonly';
  const active = h('select', { name: 'active' }, [['', 'Any'], ['true', 'Active'], ['false', 'Retired']]
    .map(([v, l]) => h('option', { value: v, selected: v === 'true' }, l)));
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(root, h('h1', 'Plans'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Show', active), h('button', { type: 'submit' }, 'Show'),
      writer ? h('button.primary', { type: 'button', on: { click: () => edit(ctx, null, () => load(0)) } }, 'Add plan')
        : null),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (active.value) params.set('active', active.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/plans?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No plans match.') : h('table',
      h('caption.sr-only', 'Plans'),
      h('thead', h('tr', ['Name', 'Price', 'Period', 'Speed (Mbit/s)', 'Data cap', 'Tax', 'State', '']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((p) => h('tr', { dataset: { plan: p.id } },
        h('td', { dataset: { label: 'Name' } }, p.name),
        h('td', { dataset: { label: 'Price' } }, `${p.price} ${p.currency}`),
        h('td', { dataset: { label: 'Period' } }, p.billingPeriod),
        h('td', { dataset: { label: 'Speed' } }, `${p.downloadMbps} ↓ / ${p.uploadMbps} ↑`),
        h('td', { dataset: { label: 'Data cap' } }, p.dataCapGb ? `${p.dataCapGb} GB` : 'none'),
        h('td', { dataset: { label: 'Tax' } }, `${p.taxRate} %`),
        h('td', { dataset: { label: 'State' } }, p.active ? 'active' : 'retired'),
        h('td', writer ? h('button', { type: 'button', 'aria-label': `Change ${p.name}`,
          on: { click: () => edit(ctx, p, () => load(index)) } }, 'Change') : null))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** The add/change dialog; a plan in use keeps its price for invoices already issued. */
function edit(ctx, plan, done) {
  const { h, field, showErrors } = ctx;
  const inputs = {
    name: h('input', { name: 'name', value: plan?.name || '' }),
    price: h('input', { name: 'price', inputMode: 'decimal', value: plan?.price || '' }),
    currency: h('input', { name: 'currency', maxLength: 3, value: plan?.currency || '', placeholder: 'USD' }),
    billingPeriod: h('select', { name: 'billingPeriod' }, PERIODS.map((p) => h('option', { value: p,
      selected: p === (plan?.billingPeriod || 'MONTHLY') }, p))),
    downloadMbps: h('input', { name: 'downloadMbps', inputMode: 'numeric', value: plan ? String(plan.downloadMbps) : '' }),
    uploadMbps: h('input', { name: 'uploadMbps', inputMode: 'numeric', value: plan ? String(plan.uploadMbps) : '' }),
    dataCapGb: h('input', { name: 'dataCapGb', inputMode: 'numeric', value: plan?.dataCapGb ? String(plan.dataCapGb)
      : '' }),
    taxRate: h('input', { name: 'taxRate', inputMode: 'decimal', value: plan?.taxRate || '0' }),
  };
  const activeBox = h('input', { type: 'checkbox', name: 'active', checked: plan ? plan.active : true });
  const dialog = h('dialog', { 'aria-labelledby': 'plan-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#plan-dialog-title', plan ? `Change ${plan.name}` : 'Add plan'),
    field('Name', inputs.name), field('Price', inputs.price), field('Currency', inputs.currency),
    field('Billing period', inputs.billingPeriod), field('Download (Mbit/s)', inputs.downloadMbps),
    field('Upload (Mbit/s)', inputs.uploadMbps), field('Data cap (GB)', inputs.dataCapGb, 'Empty: no cap'),
    field('Tax rate (%)', inputs.taxRate),
    h('div.field', h('label.switch', activeBox, h('span', 'Offered to new subscriptions'))),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  inputs.name.focus();

  async function save(event) {
    event.preventDefault();
    const body = { active: activeBox.checked };
    for (const [k, input] of Object.entries(inputs)) {
      const v = input.value.trim();
      if (!v && (plan || k === 'dataCapGb')) continue; // unchanged, or no cap
      // numbers go as numbers when they are numbers; anything else goes as typed, for the API to name
      body[k] = ['downloadMbps', 'uploadMbps', 'dataCapGb'].includes(k) && /^\d+$/.test(v) ? Number(v) : v;
    }
    try {
      if (plan) await ctx.api('PATCH', `/plans/${encodeURIComponent(plan.id)}`, body);
      else await ctx.api('POST', '/plans', body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }
}
