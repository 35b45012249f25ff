// The webhooks page (plugin custom_integrations): the tenant's endpoints, each sent a signed POST for the events it
// subscribes to (its secret shown once, when created), and each endpoint's delivery log with attempts and redelivery.
// Rendered by the portal shell: render(root, ctx, path); #/webhooks lists them, #/webhooks/<id> shows one.

const BASE = '/integrations/webhooks';
// the topics the API accepts (GET /integrations/webhooks/topics), by area; an area's "/*" takes all of its topics
let AREAS = null;
async function areas(ctx) {
  if (!AREAS) {
    AREAS = {};
    for (const topic of await ctx.api('GET', `${BASE}/topics`)) {
      const [, area, name] = /^io\/dotmac\/([^/]+)\/(.+)$/.exec(topic) || [null, 'other', topic];
      (AREAS[area] ||= []).push(name);
    }
  }
  return AREAS;
}
const STATUSES = ['', 'PENDING', 'SENDING', 'DELIVERED', 'FAILED'];
const when = (t) => (t ? new Date(t).toLocaleString() : '—');

export default async function render(root, ctx, path) {
  if (path && path[0]) await webhook(root, ctx, path[0]);
  else await list(root, ctx, null);
}

/** The endpoints; `created` (just added) shows its secret once. */
async function list(root, ctx, created) {
  const { h, mount } = ctx;
  const admin = ctx.caller.role === 'isp_admin';
  const table = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  const reload = () => list(root, ctx, null);
  mount(root, h('h1', 'Webhooks'),
    created?.secret ? secretCard(ctx, created) : null,
    h('p.hint', 'Each endpoint is sent a POST signed with its secret (X-DotMac-Signature) for the events it takes.'),
    admin ? h('div.toolbar', h('button.primary', { type: 'button',
      on: { click: () => edit(ctx, null, (w) => list(root, ctx, w)) } }, 'Add webhook')) : null,
    table, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `${BASE}?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    const heads = ['URL', 'Events', 'Description', 'Status', ...(admin ? ['Actions'] : [])];
    mount(table, page.items.length === 0 ? h('p.hint', 'No webhooks yet.') : h('table',
      h('caption.sr-only', 'Webhooks'),
      h('thead', h('tr', heads.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((w) => h('tr', { dataset: { webhook: w.id, enabled: String(w.enabled) } },
        h('td', { dataset: { label: 'URL' } }, h('a', { href: `#/webhooks/${encodeURIComponent(w.id)}` }, w.url)),
        h('td', { dataset: { label: 'Events' } }, w.topics.join(', ')),
        h('td', { dataset: { label: 'Description' } }, w.description || ''),
        h('td', { dataset: { label: 'Status' } }, w.enabled ? 'Enabled' : 'Disabled'),
        admin ? h('td', { dataset: { label: 'Actions' } }, buttons(ctx, w, reload)) : null)))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** The secret of a webhook just created: the only time the API shows it. */
function secretCard(ctx, w) {
  const { h, field } = ctx;
  const input = h('input#webhook-secret', { name: 'secret', readOnly: true, value: w.secret, autocomplete: 'off' });
  const copied = h('span.notice', { role: 'status' });
  return h('section.card.secret', { dataset: { webhook: w.id } },
    h('h2', 'Webhook added: copy its signing secret now'),
    h('p', 'It is shown only this once. Receivers check each request\'s X-DotMac-Signature with it.'),
    field('Signing secret', input),
    h('div.actions', copied, h('button', { type: 'button', on: { click: copy } }, 'Copy secret')));

  async function copy() {
    input.select();
    try {
      await navigator.clipboard.writeText(w.secret);
      copied.textContent = 'Copied.';
    } catch (e) {
      copied.textContent = 'Selected: copy it with Ctrl+C.';
    }
  }
}

/** Edit, enable/disable and delete (isp_admin only); `after(deleted)` redraws. */
function buttons(ctx, w, after) {
  const { h } = ctx;
  const error = h('p.error', { role: 'alert' });
  const input = (enabled) => ({ url: w.url, topics: w.topics, description: w.description, enabled });
  return h('div.actions',
    h('button', { type: 'button', on: { click: () => edit(ctx, w, () => after(false)) } }, 'Edit'),
    h('button', { type: 'button', on: { click: () => run(() => ctx.api('PUT', `${BASE}/${encodeURIComponent(w.id)}`,
      input(!w.enabled)), false) } }, w.enabled ? 'Disable' : 'Enable'),
    h('button', { type: 'button', on: { click: remove } }, 'Delete'),
    error);

  async function run(call, deleted) {
    error.textContent = '';
    try {
      await call();
      await after(deleted);
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function remove() {
    if (!window.confirm(`Delete the webhook to ${w.url}? Its delivery log goes with it.`)) return;
    run(() => ctx.api('DELETE', `${BASE}/${encodeURIComponent(w.id)}`), true);
  }
}

/** The add/edit dialog: URL, events as checkboxes, description, secret, enabled. */
async function edit(ctx, w, done) {
  const { h, field } = ctx;
  await areas(ctx);
  const inputs = {
    url: h('input', { name: 'url', type: 'url', value: w?.url || '', placeholder: 'https://example.com/hooks/dotmac' }),
    description: h('input', { name: 'description', value: w?.description || '' }),
    secret: h('input', { name: 'secret', autocomplete: 'off' }),
    enabled: h('input', { name: 'enabled', type: 'checkbox', checked: w ? w.enabled : true }),
  };
  const topics = topicBoxes(ctx, w?.topics || []);
  const dialog = h('dialog', { 'aria-labelledby': 'webhook-dialog-title' });
  const form = h('form.webhook-form', { noValidate: true, on: { submit: save } },
    h('h2#webhook-dialog-title', w ? 'Edit webhook' : 'Add webhook'),
    field('URL', inputs.url, 'Public http(s) address that receives the POSTs'),
    topics,
    field('Description', inputs.description),
    field(w ? 'New secret' : 'Secret', inputs.secret, w ? 'Empty: the current secret stays'
      : 'Empty: one is generated (16 to 200 characters if you give one)'),
    field('Enabled', inputs.enabled),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  inputs.url.focus();

  async function save(event) {
    event.preventDefault();
    const body = {
      url: inputs.url.value.trim(),
      topics: [...topics.querySelectorAll('input:checked:not(:disabled)')].map((i) => i.value),
      enabled: inputs.enabled.checked,
    };
    if (inputs.description.value.trim()) body.description = inputs.description.value.trim();
    if (inputs.secret.value) body.secret = inputs.secret.value;
    try {
      const saved = w ? await ctx.api('PUT', `${BASE}/${encodeURIComponent(w.id)}`, body)
        : await ctx.api('POST', BASE, body);
      dialog.close();
      await done(saved);
    } catch (e) {
      ctx.showErrors(form, e); // topics[2] lands on the topics fieldset
    }
  }
}

/** The events fieldset (named topics, so the API's errors land on it): an area's "all" disables its own topics. */
function topicBoxes(ctx, chosen) {
  const { h } = ctx;
  const box = (value, label, on) => h('label.check', h('input', { type: 'checkbox', name: 'topics', value,
    checked: chosen.includes(value), on }), ` ${label}`);
  const known = [];
  const groups = Object.entries(AREAS).map(([area, names]) => {
    const all = `io/dotmac/${area}/*`;
    const topics = names.map((n) => `io/dotmac/${area}/${n}`);
    known.push(all, ...topics);
    const items = topics.map((t, i) => box(t, names[i]));
    const sync = (e) => items.forEach((l) => { l.firstChild.disabled = e.target.checked; });
    const group = h('div.topic-group', box(all, `All ${area} events`, { change: sync }), items);
    sync({ target: group.querySelector('input') });
    return group;
  });
  const others = chosen.filter((t) => !known.includes(t)).map((t) => box(t, t));
  return h('fieldset#webhook-topics.topics', { name: 'topics', tabIndex: -1,
    'aria-describedby': 'webhook-topics-error' },
    h('legend', 'Events'), groups, others.length ? h('div.topic-group', others) : null,
    h('p#webhook-topics-error.field-error', { role: 'alert' }));
}

/** One endpoint: its settings, actions and delivery log (newest first) with attempts and redelivery. */
async function webhook(root, ctx, id) {
  const { h, mount, field } = ctx;
  const path = `${BASE}/${encodeURIComponent(id)}`;
  const w = await ctx.api('GET', path);
  const admin = ctx.caller.role === 'isp_admin';
  const status = h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s }, s || 'Any')));
  const notice = h('p.notice', { role: 'status' });
  const error = h('p.error', { role: 'alert' });
  const table = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(root,
    h('p', h('a', { href: '#/webhooks' }, '← Webhooks')),
    h('h1', w.url),
    h('dl.figures', [['Events', w.topics.join(', ')], ['Description', w.description || '—'],
      ['Status', w.enabled ? 'Enabled' : 'Disabled'], ['Added', when(w.createdAt)]]
      .map(([k, v]) => h('div.figure', h('dt', k), h('dd', v)))),
    admin ? buttons(ctx, w, (deleted) => (deleted ? ctx.navigate('webhooks') : webhook(root, ctx, id))) : null,
    h('h2', 'Deliveries'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Status', status), h('button', { type: 'submit' }, 'Filter')),
    notice, error, table, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (status.value) params.set('status', status.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `${path}/deliveries?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    const heads = ['Created', 'Event', 'Status', 'Attempts', 'Response', 'Delivered', ...(admin ? [''] : [])];
    mount(table, page.items.length === 0 ? h('p.hint', 'No deliveries match.') : h('table',
      h('caption.sr-only', 'Deliveries'),
      h('thead', h('tr', heads.map((c) => h('th', { scope: 'col' }, c || h('span.sr-only', 'Actions'))))),
      h('tbody', page.items.map((d) => {
        const last = d.attempts[d.attempts.length - 1];
        return h('tr', { dataset: { delivery: d.id, status: d.status } },
          h('td', { dataset: { label: 'Created' } }, when(d.createdAt)),
          h('td', { dataset: { label: 'Event' } }, d.topic),
          h('td', { dataset: { label: 'Status' } }, d.status,
            d.status === 'PENDING' && d.attempts.length ? h('p.hint', `next try ${when(d.nextAttemptAt)}`) : null),
          h('td', { dataset: { label: 'Attempts' } }, d.attempts.length === 0 ? '0' : h('details',
            h('summary', String(d.attempts.length)),
            h('ol', d.attempts.map((a) => h('li', `${when(a.at)}: ${a.statusCode ?? 'no answer'}`
              + `${a.error ? ` (${a.error})` : ''}, ${a.durationMillis} ms`))))),
          h('td', { dataset: { label: 'Response' } }, last ? String(last.statusCode ?? 'no answer') : '—'),
          h('td', { dataset: { label: 'Delivered' } }, when(d.deliveredAt)),
          admin ? h('td', { dataset: { label: 'Actions' } }, h('button', { type: 'button',
            on: { click: () => redeliver(d) } }, 'Redeliver')) : null);
      }))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }

  async function redeliver(d) {
    notice.textContent = '';
    error.textContent = '';
    try {
      const again = await ctx.api('POST', `${path}/deliveries/${encodeURIComponent(d.id)}/redeliver`);
      await load(0);
      notice.textContent = `Queued again as delivery ${again.id}.`;
    } catch (e) {
      error.textContent = e.message;
    }
  }
}
