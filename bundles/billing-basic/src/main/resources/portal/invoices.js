// The invoices page (plugin basic_billing): the list with a status filter, a draft with lines, issuing, payments,
// voiding, and the PDF. render(root, ctx, path): path[0] an invoice's id for its own view.

const STATUSES = ['', 'DRAFT', 'ISSUED', 'PAID', 'VOID'];
const METHODS = ['BANK_TRANSFER', 'CARD', 'CASH', 'DIRECT_DEBIT', 'OTHER'];

export default async function render(root, ctx, path) {
  if (path && path[0]) {
    await invoice(root, ctx, path[0]);
    return;
  }
  const { h, mount, field } = ctx;
  const status = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s }, s || 'Any')));
  const q = h('input', { name: 'q', type: 'search', placeholder: 'Number, customer or notes' });
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(root, h('h1', 'Invoices'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Search', q), field('Status', status), h('button', { type: 'submit' }, 'Search'),
      h('button.primary', { type: 'button', on: { click: () => draft(ctx) } }, 'New draft')),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (status.value) params.set('status', status.value);
    if (q.value.trim()) params.set('q', q.value.trim());
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/invoices?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No invoices match.') : h('table',
      h('caption.sr-only', 'Invoices'),
      h('thead', h('tr', ['Number', 'Status', 'Issued', 'Due', 'Total', 'Balance'].map((c) => h('th', { scope: 'col' },
        c)))),
      h('tbody', page.items.map((i) => h('tr', { dataset: { invoice: i.id } },
        h('td', { dataset: { label: 'Number' } }, h('a', { href: `#/invoices/${encodeURIComponent(i.id)}` },
          i.number || 'Draft')),
        h('td', { dataset: { label: 'Status' } }, i.status),
        h('td', { dataset: { label: 'Issued' } }, i.issueDate || '—'),
        h('td', { dataset: { label: 'Due' } }, i.dueDate || '—'),
        h('td', { dataset: { label: 'Total' } }, `${i.total} ${i.currency}`),
        h('td', { dataset: { label: 'Balance' } }, i.balance))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** A new draft: a customer and its lines; errors next to the fields they name (lines[0].unitPrice...). */
async function draft(ctx) {
  const { h, field, showErrors } = ctx;
  const customers = await ctx.api('GET', '/customers?status=ACTIVE&limit=200');
  const customer = h('select', { name: 'customerId' }, h('option', { value: '' }, 'Choose…'),
    customers.items.map((c) => h('option', { value: c.id }, `${c.name} (${c.email})`)));
  const lines = h('fieldset.lines', h('legend', 'Lines'));
  const dialog = h('dialog', { 'aria-labelledby': 'invoice-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#invoice-dialog-title', 'New draft invoice'),
    field('Customer', customer), lines,
    h('button', { type: 'button', on: { click: () => addLine() } }, 'Add a line'),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save draft')));
  let count = 0;
  function addLine() {
    const i = count++;
    lines.append(h('div.line',
      field(`Line ${i + 1}: description`, h('input', { name: `lines[${i}].description` })),
      field('Quantity', h('input', { name: `lines[${i}].quantity`, inputMode: 'decimal', value: '1' })),
      field('Unit price', h('input', { name: `lines[${i}].unitPrice`, inputMode: 'decimal' })),
      field('Tax rate (%)', h('input', { name: `lines[${i}].taxRate`, inputMode: 'decimal', value: '0' }))));
  }
  addLine();
  ctx.showDialog(dialog, form);
  customer.focus();

  async function save(event) {
    event.preventDefault();
    const body = { customerId: customer.value, lines: [] };
    for (let i = 0; i < count; i++) {
      const value = (name) => form.querySelector(`[name="lines[${i}].${name}"]`).value.trim();
      body.lines.push({ description: value('description'), quantity: value('quantity'),
        unitPrice: value('unitPrice'), taxRate: value('taxRate') });
    }
    try {
      const created = await ctx.api('POST', '/invoices', body);
      dialog.close();
      ctx.navigate(`invoices/${encodeURIComponent(created.id)}`);
    } catch (e) {
      showErrors(form, e);
    }
  }
}

/** One invoice: its lines and totals, and what may be done with it now. */
async function invoice(root, ctx, id) {
  const { h, mount, field, showErrors } = ctx;
  const i = await ctx.api('GET', `/invoices/${encodeURIComponent(id)}`);
  const error = h('p.error', { role: 'alert' });
  const act = (label, call) => h('button', { type: 'button', on: { click: async () => {
    error.textContent = '';
    try {
      await call();
      await invoice(root, ctx, id);
    } catch (e) {
      error.textContent = e.message;
    }
  } } }, label);
  const amount = h('input', { name: 'amount', inputMode: 'decimal', value: i.balance });
  const method = h('select', { name: 'method' }, METHODS.map((m) => h('option', { value: m }, m)));
  const payment = h('form.card.toolbar', { noValidate: true, on: { submit: pay } },
    h('h2', 'Record a payment'), field('Amount', amount), field('Method', method),
    h('button.primary', { type: 'submit' }, 'Record payment'));
  const pdf = h('a.pdf', { href: '#', on: { click: openPdf } }, 'Open the PDF');
  mount(root,
    h('p', h('a', { href: '#/invoices' }, '← Invoices')),
    h('h1', i.number ? `Invoice ${i.number}` : 'Draft invoice'),
    h('p.state', { dataset: { status: i.status } }, `${i.status} · ${i.total} ${i.currency} · balance ${i.balance}`),
    h('table', h('caption.sr-only', 'Lines'),
      h('thead', h('tr', ['Description', 'Quantity', 'Unit price', 'Tax', 'Net'].map((c) => h('th', { scope: 'col' },
        c)))),
      h('tbody', i.lines.map((l) => h('tr',
        h('td', { dataset: { label: 'Description' } }, l.description),
        h('td', { dataset: { label: 'Quantity' } }, l.quantity),
        h('td', { dataset: { label: 'Unit price' } }, l.unitPrice),
        h('td', { dataset: { label: 'Tax' } }, `${l.taxRate} %`),
        h('td', { dataset: { label: 'Net' } }, l.net))))),
    h('p', `Subtotal ${i.subtotal} · tax ${i.tax} · total ${i.total} · paid ${i.amountPaid}`),
    error,
    h('div.actions',
      i.status === 'DRAFT' ? act('Issue', () => ctx.api('POST', `/invoices/${encodeURIComponent(id)}/issue`)) : null,
      i.status === 'DRAFT' || (i.status === 'ISSUED' && i.amountPaid === '0.00')
        ? act('Void', () => ctx.api('POST', `/invoices/${encodeURIComponent(id)}/void`)) : null,
      pdf),
    i.status === 'ISSUED' ? payment : null);

  async function pay(event) {
    event.preventDefault();
    try {
      await ctx.api('POST', `/invoices/${encodeURIComponent(id)}/payments`, { amount: amount.value.trim(),
        method: method.value });
      await invoice(root, ctx, id);
    } catch (e) {
      showErrors(payment, e);
    }
  }

  async function openPdf(event) {
    event.preventDefault();
    try {
      const url = await ctx.blobUrl(`/invoices/${encodeURIComponent(id)}`, 'application/pdf');
      pdf.href = url;
      pdf.dataset.ready = 'true';
      pdf.download = `${i.number || 'draft'}.pdf`;
      window.open(url, '_blank', 'noopener');
    } catch (e) {
      error.textContent = e.message;
    }
  }
}
