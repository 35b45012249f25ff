// The customers page (plugin customer_management): search, filter by status, page through, add, edit, close.
// Rendered by the portal shell: render(root, ctx, path) where path is what follows #/customers/.

const STATUSES = ['', 'ACTIVE', 'SUSPENDED', 'CLOSED'];

export default async function render(root, ctx, path) {
  const { h, mount, field } = ctx;
  if (path && path[0]) {
    await detail(root, ctx, path[0]);
    return;
  }
  const q = h('input', { name: 'q', type: 'search', placeholder: 'Name or e-mail' });
  const status = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s }, s || 'Any')));
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  const add = h('button.primary', { type: 'button', on: { click: () => edit(ctx, null, () => load(0)) } },
    'Add customer');
  mount(root, h('h1', 'Customers'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Search', q), field('Status', status), h('button', { type: 'submit' }, 'Search'), add),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (q.value.trim()) params.set('q', q.value.trim());
    if (status.value) params.set('status', status.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/customers?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No customers match.') : h('table',
      h('caption.sr-only', 'Customers'),
      h('thead', h('tr', ['Name', 'E-mail', 'Phone', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((c) => h('tr', { dataset: { customer: c.id } },
        h('td', { dataset: { label: 'Name' } }, h('a', { href: `#/customers/${encodeURIComponent(c.id)}` }, c.name)),
        h('td', { dataset: { label: 'E-mail' } }, c.email),
        h('td', { dataset: { label: 'Phone' } }, c.phone || ''),
        h('td', { dataset: { label: 'Status' } }, c.status))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** One customer: its details, edit, tags (add, remove), close. */
async function detail(root, ctx, id) {
  const { h, mount, field, showErrors } = ctx;
  const base = `/customers/${encodeURIComponent(id)}`;
  const c = await ctx.api('GET', base);
  const tags = await ctx.api('GET', `${base}/tags`).catch(() => []);
  const writer = ctx.caller.role !== 'isp_readonly' && c.status !== 'CLOSED';
  const error = h('p.error', { role: 'alert' });
  const tag = h('input', { name: 'tag', placeholder: 'late-payer', autocomplete: 'off' });
  const tagForm = h('form.toolbar', { noValidate: true, on: { submit: addTag } },
    field('New tag', tag, 'Lower-case letters, digits, - and _'), h('button', { type: 'submit' }, 'Add tag'));
  mount(root,
    h('p', h('a', { href: '#/customers' }, '← Customers')),
    h('h1', c.name),
    h('dl.figures',
      [['E-mail', c.email], ['Phone', c.phone || '—'], ['Service address', c.serviceAddress || '—'],
        ['Status', c.status]]
        .map(([k, v]) => h('div.figure', h('dt', k), h('dd', v)))),
    h('h2', 'Tags'),
    tags.length === 0 ? h('p.hint', 'No tags.') : h('ul.tags', tags.map((t) => h('li', { dataset: { tag: t } },
      h('span', t), writer ? h('button.link-dark', { type: 'button', 'aria-label': `Remove tag ${t}`,
        on: { click: () => removeTag(t) } }, '×') : null))),
    writer ? tagForm : null,
    error,
    c.status === 'CLOSED' || ctx.caller.role === 'isp_readonly' ? null : h('div.actions',
      h('button', { type: 'button', on: { click: () => edit(ctx, c, () => detail(root, ctx, id)) } }, 'Edit'),
      h('button', { type: 'button', on: { click: close } }, 'Close customer')));

  async function addTag(event) {
    event.preventDefault();
    try {
      // a blank tag goes as a space, for the API to name the field
      await ctx.api('PUT', `${base}/tags/${encodeURIComponent(tag.value.trim() || ' ')}`);
      await detail(root, ctx, id);
    } catch (e) {
      showErrors(tagForm, e);
    }
  }

  async function removeTag(t) {
    try {
      await ctx.api('DELETE', `${base}/tags/${encodeURIComponent(t)}`);
      await detail(root, ctx, id);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  async function close() {
    if (!window.confirm(`Close ${c.name}? Their data stays; they can no longer be billed.`)) return;
    try {
      await ctx.api('DELETE', base);
      await detail(root, ctx, id);
    } catch (e) {
      error.textContent = e.message;
    }
  }
}

/** The add/edit dialog: every error the API names is shown next to its field. */
function edit(ctx, customer, done) {
  const { h, field, showErrors } = ctx;
  const inputs = {
    name: h('input', { name: 'name', required: true, value: customer?.name || '' }),
    email: h('input', { name: 'email', type: 'email', required: true, value: customer?.email || '' }),
    phone: h('input', { name: 'phone', type: 'tel', value: customer?.phone || '' }),
    serviceAddress: h('input', { name: 'serviceAddress', value: customer?.serviceAddress || '' }),
  };
  const status = customer ? h('select', { name: 'status' }, ['ACTIVE', 'SUSPENDED'].map((s) =>
    h('option', { value: s, selected: s === customer.status }, s))) : null;
  const dialog = h('dialog', { 'aria-labelledby': 'customer-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#customer-dialog-title', customer ? 'Edit customer' : 'Add customer'),
    field('Name', inputs.name), field('E-mail', inputs.email), field('Phone', inputs.phone),
    field('Service address', inputs.serviceAddress), status ? field('Status', status) : null,
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  inputs.name.focus();

  async function save(event) {
    event.preventDefault();
    const body = {};
    for (const [k, input] of Object.entries(inputs)) {
      if (input.value.trim() || customer) body[k] = input.value.trim();
    }
    if (status) body.status = status.value;
    try {
      if (customer) await ctx.api('PATCH', `/customers/${encodeURIComponent(customer.id)}`, body);
      else await ctx.api('POST', '/customers', body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }
}
