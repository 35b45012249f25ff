// The e-mail page's outbox (plugin email_notifications), drawn by email.js under #/email/outbox: the tenant's
// messages in the order they were queued, PENDING (waiting for their next attempt), SENDING, SENT or FAILED (with
// the last error), filtered by status and event, paged with the API's cursor.

const STATUSES = ['', 'PENDING', 'SENDING', 'SENT', 'FAILED'];

const label = (key) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');
const time = (instant) => (instant ? new Date(instant).toLocaleString() : '—');

export default async function outbox(root, ctx) {
  const { h, mount, field, showErrors } = ctx;
  const events = (await ctx.api('GET', '/notifications/templates')).map((t) => t.event);
  const status = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s }, s || 'Any')));
  const event = h('select', { name: 'event' }, ['', ...events].map((e) => h('option', { value: e },
    e ? label(e) : 'Any')));
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  const form = h('form.toolbar', { role: 'search', noValidate: true, on: { submit: (e) => {
    e.preventDefault();
    load(0);
  } } }, field('Status', status), field('Event', event), h('button', { type: 'submit' }, 'Filter'));
  mount(root, form, list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (status.value) params.set('status', status.value);
    if (event.value) params.set('event', event.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    let page;
    try {
      page = await ctx.api('GET', `/notifications?${params}`);
      showErrors(form, null);
    } catch (e) {
      showErrors(form, e);
      return;
    }
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, page.items.length === 0 ? h('p.hint', 'No e-mails match.') : h('table',
      h('caption.sr-only', 'Outbox'),
      h('thead', h('tr', ['Queued', 'Event', 'Recipient', 'Subject', 'Status', 'Attempts', 'Sent or next attempt',
        'Last error'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((m) => h('tr', { dataset: { message: m.id, status: m.status } },
        h('td', { dataset: { label: 'Queued' } }, time(m.createdAt)),
        h('td', { dataset: { label: 'Event' } }, label(m.event)),
        h('td', { dataset: { label: 'Recipient' } }, m.recipient || '—'),
        h('td', { dataset: { label: 'Subject' } }, m.subject || '—'),
        h('td', { dataset: { label: 'Status' } }, h('span.status', { dataset: { status: m.status } }, m.status)),
        h('td', { dataset: { label: 'Attempts' } }, m.attempts),
        h('td', { dataset: { label: 'Sent or next attempt' } }, m.status === 'SENT' ? time(m.sentAt)
          : m.status === 'PENDING' ? `next ${time(m.nextAttemptAt)}` : '—'),
        h('td', { dataset: { label: 'Last error' } }, m.lastError || ''))))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}
