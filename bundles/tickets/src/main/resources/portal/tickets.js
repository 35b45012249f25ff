// The tickets page (plugin ticketing): the list by status and priority, a new ticket, and a ticket's own view with
// its comments and the next steps of its status.

const STATUSES = ['', 'OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];
const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
const NEXT = { OPEN: ['IN_PROGRESS'], IN_PROGRESS: ['RESOLVED'], RESOLVED: ['CLOSED', 'OPEN'], CLOSED: [] };

export default async function render(root, ctx, path) {
  if (path && path[0]) {
    await ticket(root, ctx, path[0]);
    return;
  }
  const { h, mount, field } = ctx;
  const status = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s }, s || 'Any')));
  const priority = h('select', { name: 'priority' }, ['', ...PRIORITIES].map((p) => h('option', { value: p },
    p || 'Any')));
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(root, h('h1', 'Tickets'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Status', status), field('Priority', priority), h('button', { type: 'submit' }, 'Filter'),
      h('button.primary', { type: 'button', on: { click: () => open(ctx) } }, 'New ticket')),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (status.value) params.set('status', status.value);
    if (priority.value) params.set('priority', priority.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/tickets?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No tickets match.') : h('table',
      h('caption.sr-only', 'Tickets'),
      h('thead', h('tr', ['Subject', 'Priority', 'Status', 'Comments', 'Opened'].map((c) => h('th', { scope: 'col' },
        c)))),
      h('tbody', page.items.map((t) => h('tr', { dataset: { ticket: t.id } },
        h('td', { dataset: { label: 'Subject' } }, h('a', { href: `#/tickets/${encodeURIComponent(t.id)}` },
          t.subject)),
        h('td', { dataset: { label: 'Priority' } }, t.priority),
        h('td', { dataset: { label: 'Status' } }, t.status),
        h('td', { dataset: { label: 'Comments' } }, t.commentCount),
        h('td', { dataset: { label: 'Opened' } }, new Date(t.createdAt).toLocaleString()))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** A new ticket about a customer. */
async function open(ctx) {
  const { h, field, showErrors } = ctx;
  const customers = await ctx.api('GET', '/customers?status=ACTIVE&limit=200');
  const inputs = {
    customerId: h('select', { name: 'customerId' }, h('option', { value: '' }, 'Choose…'),
      customers.items.map((c) => h('option', { value: c.id }, `${c.name} (${c.email})`))),
    subject: h('input', { name: 'subject' }),
    description: h('textarea', { name: 'description', rows: 4 }),
    priority: h('select', { name: 'priority' }, PRIORITIES.map((p) => h('option', { value: p,
      selected: p === 'NORMAL' }, p))),
  };
  const dialog = h('dialog', { 'aria-labelledby': 'ticket-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#ticket-dialog-title', 'New ticket'),
    field('Customer', inputs.customerId), field('Subject', inputs.subject), field('Description', inputs.description),
    field('Priority', inputs.priority),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Open ticket')));
  ctx.showDialog(dialog, form);
  inputs.customerId.focus();

  async function save(event) {
    event.preventDefault();
    const body = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, input.value.trim()]));
    try {
      const created = await ctx.api('POST', '/tickets', body);
      dialog.close();
      ctx.navigate(`tickets/${encodeURIComponent(created.id)}`);
    } catch (e) {
      showErrors(form, e);
    }
  }
}

/** One ticket: its details, the moves its status may make, its comments and a new one. */
async function ticket(root, ctx, id) {
  const { h, mount, field, showErrors } = ctx;
  const path = `/tickets/${encodeURIComponent(id)}`;
  const [t, comments] = await Promise.all([ctx.api('GET', path), ctx.api('GET', `${path}/comments`)]);
  const error = h('p.error', { role: 'alert' });
  const body = h('textarea', { name: 'body', rows: 3 });
  const comment = h('form.card', { noValidate: true, on: { submit: post } }, h('h2', 'Add a comment'),
    field('Comment', body), h('button.primary', { type: 'submit' }, 'Comment'));
  mount(root,
    h('p', h('a', { href: '#/tickets' }, '← Tickets')),
    h('h1', t.subject),
    h('p.state', { dataset: { status: t.status } }, `${t.status} · ${t.priority}`),
    h('p', t.description),
    error,
    h('div.actions', NEXT[t.status].map((s) => h('button', { type: 'button', on: { click: () => move(s) } },
      s === 'OPEN' ? 'Reopen' : `Move to ${s.replace('_', ' ').toLowerCase()}`))),
    h('h2', 'Comments'),
    comments.length === 0 ? h('p.hint', 'No comments yet.') : h('ol.comments', comments.map((c) => h('li',
      h('p.hint', `${c.authorName}, ${new Date(c.createdAt).toLocaleString()}`), h('p', c.body)))),
    t.status === 'CLOSED' ? null : comment);

  async function move(status) {
    try {
      await ctx.api('PATCH', path, { status });
      await ticket(root, ctx, id);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  async function post(event) {
    event.preventDefault();
    try {
      await ctx.api('POST', `${path}/comments`, { body: body.value });
      await ticket(root, ctx, id);
    } catch (e) {
      showErrors(comment, e);
    }
  }
}
