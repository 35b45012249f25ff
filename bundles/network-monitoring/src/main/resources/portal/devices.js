// The devices page (plugin network_monitoring): the tenant's devices with their status (UP, DOWN, UNKNOWN), filtered
// by site and tag and paged with the API's cursor; add, edit and delete (isp_admin); a device's view with its
// details, "Poll now" (isp_admin, isp_staff), its interfaces, an interface's traffic chart and its outages.
// render(root, ctx, path): path[0] a device's id for its view, path[1] an ifIndex whose chart to open.

import { bps, trafficPanel } from './traffic-chart.js';

const AUTH = ['', 'SHA', 'SHA224', 'SHA256', 'SHA384', 'SHA512'];
const PRIV = ['', 'AES128', 'AES192', 'AES256'];
const enc = encodeURIComponent;
const when = (t) => (t ? new Date(t).toLocaleString() : '—');

export default async function render(root, ctx, path) {
  if (path && path[0]) {
    await device(root, ctx, path[0], path[1]);
    return;
  }
  const { h, mount, field } = ctx;
  const site = h('input', { name: 'site' });
  const tag = h('input', { name: 'tag' });
  const summary = h('p.down-count', { role: 'status' });
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  const add = ctx.caller.role === 'isp_admin' ? h('button.primary', { type: 'button',
    on: { click: () => edit(ctx, null, (d) => ctx.navigate(`devices/${enc(d.id)}`)) } }, 'Add device') : null;
  mount(root, h('h1', 'Devices'), summary,
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Site', site), field('Tag', tag), h('button', { type: 'submit' }, 'Filter'), add),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (site.value.trim()) params.set('site', site.value.trim());
    if (tag.value.trim()) params.set('tag', tag.value.trim());
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await ctx.api('GET', `/network/devices?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    // the list carries no status: each device's is read on its own
    const statuses = await Promise.all(page.items.map((d) => ctx.api('GET', `/network/devices/${enc(d.id)}/status`)
      .catch(() => null)));
    // the count line: the whole tenant's from GET /network/summary, else this page's
    const totals = await ctx.api('GET', '/network/summary').catch(() => null);
    const down = totals ? totals.byStatus?.DOWN || 0 : statuses.filter((s) => s && s.status === 'DOWN').length;
    const of = totals ? `${totals.devices} devices` : `${page.items.length} devices`
      + `${index > 0 || page.nextCursor ? ' on this page' : ''}`;
    summary.dataset.down = String(down);
    summary.textContent = (totals ? totals.devices : page.items.length) === 0 ? ''
      : `${down} of ${of} ${down === 1 ? 'is' : 'are'} down.`;
    mount(list, page.items.length === 0 ? h('p.hint', 'No devices match.') : h('table',
      h('caption.sr-only', 'Devices'),
      h('thead', h('tr', ['Name', 'Address', 'Site', 'Status', 'Last poll'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((d, i) => {
        const s = statuses[i];
        return h('tr', { dataset: { device: d.id, status: s ? s.status : '' } },
          h('td', { dataset: { label: 'Name' } }, h('a', { href: `#/devices/${enc(d.id)}` }, d.name)),
          h('td', { dataset: { label: 'Address' } }, `${d.address}:${d.port}`),
          h('td', { dataset: { label: 'Site' } }, d.site || ''),
          h('td.status', { dataset: { label: 'Status' } }, s ? s.status : '—',
            s && s.reason ? h('span.hint', ` · ${s.reason}`) : null),
          h('td', { dataset: { label: 'Last poll' } }, when(s && s.lastPollAt)));
      }))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);
  }
}

/** One device: details and status, its actions, its interfaces (each with its traffic chart), its outages. */
async function device(root, ctx, id, ifIndex) {
  const { h, mount } = ctx;
  const base = `/network/devices/${enc(id)}`;
  const [d, s, outages] = await Promise.all([ctx.api('GET', base), ctx.api('GET', `${base}/status`),
    ctx.api('GET', `${base}/outages`).catch(() => null)]);
  const customer = d.customerId ? await ctx.api('GET', `/customers/${enc(d.customerId)}`).catch(() => null) : null;
  const interfaces = s.interfaces || [];
  const role = ctx.caller.role;
  const status = s.status || 'UNKNOWN';
  const error = h('p.error', { role: 'alert' });
  const panel = h('div.traffic-slot');
  let chosen = ifIndex === undefined ? null : Number(ifIndex);
  const name = (i) => (i.ifIndex === 0 ? 'The device' : interfaces.find((x) => x.ifIndex === i.ifIndex)?.name
    || `Interface ${i.ifIndex}`);
  const details = [['Address', `${d.address} port ${d.port}`],
    ['SNMP', d.version === 'v3' ? `v3 · ${d.snmpUser} · ${d.authProtocol || 'no authentication'} · `
      + `${d.privProtocol || 'no privacy'}` : d.version],
    ['Poll interval', `${d.pollIntervalSeconds} s (timeout ${d.timeoutMillis} ms, ${d.retries} `
      + `${d.retries === 1 ? 'retry' : 'retries'})`],
    ['Site', d.site || '—'], ['Customer', customer ? h('a', { href: `#/customers/${enc(customer.id)}` }, customer.name)
      : d.customerId || '—'], ['Tags', d.tags?.length ? d.tags.join(', ') : '—'],
    ['Last poll', when(s.lastPollAt)], ['Last answer', when(s.lastSuccessAt)],
    ['Uptime', s.uptimeSeconds === null || s.uptimeSeconds === undefined ? '—' : uptime(s.uptimeSeconds)],
    ['System', [s.sysName, s.sysDescr].filter(Boolean).join(' · ') || '—']];
  mount(root, h('div.device-view',
    h('p', h('a', { href: '#/devices' }, '← Devices')),
    h('h1', d.name),
    h('p.state', { dataset: { status } }, status,
      s.reason ? ` · ${s.reason}` : '', s.consecutiveFailures ? ` (${s.consecutiveFailures} failed polls)` : ''),
    error,
    h('div.actions.device-actions',
      role === 'isp_admin' || role === 'isp_staff' ? h('button.primary', { type: 'button', on: { click: poll } },
        'Poll now') : null,
      role === 'isp_admin' ? h('button', { type: 'button', on: { click: () => edit(ctx, d, () => device(root, ctx,
        id, chosen ?? undefined)) } }, 'Edit') : null,
      role === 'isp_admin' ? h('button', { type: 'button', on: { click: remove } }, 'Delete device') : null),
    h('dl.details', details.map(([k, v]) => h('div', h('dt', k), h('dd', v)))),
    h('h2', 'Interfaces'),
    interfaces.length === 0 ? h('p.hint', 'No interfaces yet: they appear after the first poll that answers.')
      : h('table.interfaces', h('caption.sr-only', 'Interfaces'),
        h('thead', h('tr', ['Interface', 'Status', 'Speed', 'In', 'Out', 'Errors in/out', 'Chart']
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', interfaces.map((i) => h('tr', { dataset: { ifIndex: String(i.ifIndex), status: i.status } },
          h('td', { dataset: { label: 'Interface' } }, `${i.ifIndex} · ${i.name || i.descr || ''}`),
          h('td', { dataset: { label: 'Status' } }, i.status, h('span.hint', ` (admin ${i.adminStatus}, oper `
            + `${i.operStatus})`)),
          h('td', { dataset: { label: 'Speed' } }, i.speedMbps ? bps(i.speedMbps * 1e6) : '—'),
          h('td', { dataset: { label: 'In' } }, bps(i.inBps)),
          h('td', { dataset: { label: 'Out' } }, bps(i.outBps)),
          h('td', { dataset: { label: 'Errors in/out' } }, `${i.inErrors ?? '—'} / ${i.outErrors ?? '—'}`),
          h('td', { dataset: { label: 'Chart' } }, h('button.show-traffic', { type: 'button',
            'aria-pressed': String(i.ifIndex === chosen), on: { click: () => show(i.ifIndex) } }, 'Show traffic')))))),
    panel,
    h('h2', 'Outages in the last 30 days'),
    outages === null ? h('p.hint', 'The outages could not be read.') : outages.length === 0
      ? h('p.hint', 'No outages.') : h('table.outages', h('caption.sr-only', 'Outages'),
        h('thead', h('tr', ['What', 'Start', 'End', 'Reason'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', [...outages].reverse().map((o) => h('tr', { dataset: { ifIndex: String(o.ifIndex) } },
          h('td', { dataset: { label: 'What' } }, name(o)),
          h('td', { dataset: { label: 'Start' } }, when(o.start)),
          h('td', { dataset: { label: 'End' } }, o.end ? when(o.end) : 'ongoing'),
          h('td', { dataset: { label: 'Reason' } }, o.reason || '')))))));
  if (chosen !== null && interfaces.some((i) => i.ifIndex === chosen)) show(chosen);

  function show(index) {
    chosen = index;
    for (const b of root.querySelectorAll('button.show-traffic')) {
      b.setAttribute('aria-pressed', String(b.closest('tr').dataset.ifIndex === String(index)));
    }
    mount(panel, trafficPanel(ctx, base, interfaces.find((i) => i.ifIndex === index)));
  }

  async function poll(event) {
    const button = event.currentTarget;
    button.disabled = true;
    error.textContent = '';
    try {
      await ctx.api('POST', `${base}/poll`);
      await device(root, ctx, id, chosen ?? undefined);
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  }

  async function remove() {
    if (!window.confirm(`Delete ${d.name}? Its interfaces, history and outages are deleted too.`)) return;
    try {
      await ctx.api('DELETE', base);
      ctx.navigate('devices');
    } catch (e) {
      error.textContent = e.message;
    }
  }
}

function uptime(seconds) {
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days ? `${days} d ${hours} h` : hours ? `${hours} h ${minutes} min` : `${minutes} min`;
}

/** The add/edit dialog: DeviceInput's fields, each named as in the API so its errors land next to it. */
async function edit(ctx, d, done) {
  const { h, field, showErrors } = ctx;
  const text = (name, value, attrs) => h('input', { name, value: value ?? '', autocomplete: 'off', ...attrs });
  const secret = (name) => h('input', { name, type: 'password', autocomplete: 'new-password' });
  const pick = (name, values, value) => h('select', { name }, values.map((v) => h('option', { value: v,
    selected: v === (value || '') }, v || 'None')));
  const customers = await ctx.api('GET', '/customers?status=ACTIVE&limit=200').catch(() => null);
  const inputs = {
    name: text('name', d?.name), address: text('address', d?.address, { placeholder: '192.0.2.10' }),
    port: text('port', d?.port ?? 161, { inputMode: 'numeric' }), version: pick('version', ['v2c', 'v3'], d?.version),
    community: secret('community'), snmpUser: text('snmpUser', d?.snmpUser),
    authProtocol: pick('authProtocol', AUTH, d?.authProtocol), authPassphrase: secret('authPassphrase'),
    privProtocol: pick('privProtocol', PRIV, d?.privProtocol), privPassphrase: secret('privPassphrase'),
    pollIntervalSeconds: text('pollIntervalSeconds', d?.pollIntervalSeconds, { inputMode: 'numeric' }),
    timeoutMillis: text('timeoutMillis', d?.timeoutMillis, { inputMode: 'numeric' }),
    retries: text('retries', d?.retries, { inputMode: 'numeric' }), site: text('site', d?.site),
    customerId: customers ? h('select', { name: 'customerId' }, h('option', { value: '' }, 'None'),
      customers.items.map((c) => h('option', { value: c.id, selected: c.id === d?.customerId }, c.name)))
      : text('customerId', d?.customerId),
    tags: text('tags', d?.tags?.join(', ')),
  };
  const keep = d ? 'Leave empty to keep the stored one (needed again when the address or port changes).' : null;
  const v2c = h('fieldset.snmp-v2c', h('legend', 'SNMP v2c'), field('Community', inputs.community, keep));
  const v3 = h('fieldset.snmp-v3', h('legend', 'SNMP v3'), field('User', inputs.snmpUser),
    field('Authentication', inputs.authProtocol), field('Authentication passphrase', inputs.authPassphrase, keep),
    field('Privacy', inputs.privProtocol), field('Privacy passphrase', inputs.privPassphrase, keep));
  const sync = () => {
    v2c.hidden = inputs.version.value !== 'v2c';
    v3.hidden = inputs.version.value !== 'v3';
  };
  inputs.version.addEventListener('change', sync);
  sync();
  const blank = 'Empty: the default.';
  const dialog = h('dialog.device-dialog', { 'aria-labelledby': 'device-dialog-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#device-dialog-title', d ? 'Edit device' : 'Add device'),
    field('Name', inputs.name), field('Address', inputs.address, 'An IPv4 or IPv6 address, not a host name'),
    field('Port', inputs.port), field('SNMP version', inputs.version), v2c, v3,
    field('Poll interval (s)', inputs.pollIntervalSeconds, blank), field('Timeout (ms)', inputs.timeoutMillis, blank),
    field('Retries', inputs.retries, blank), field('Site', inputs.site), field('Customer', inputs.customerId),
    field('Tags', inputs.tags, 'Separated by commas'),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  inputs.name.focus();

  async function save(event) {
    event.preventDefault();
    const value = (k) => inputs[k].value.trim();
    // a number as typed: the API names the field when it is not one
    const number = (k) => (value(k) === '' ? null : /^-?\d+$/.test(value(k)) ? Number(value(k)) : value(k));
    const body = { name: value('name'), address: value('address'), port: number('port'),
      version: inputs.version.value, pollIntervalSeconds: number('pollIntervalSeconds'),
      timeoutMillis: number('timeoutMillis'), retries: number('retries'), site: value('site') || null,
      customerId: value('customerId') || null, tags: value('tags').split(/[\s,]+/).filter(Boolean) };
    if (body.version === 'v2c') {
      if (inputs.community.value || !d) body.community = inputs.community.value || null;
    } else {
      Object.assign(body, { snmpUser: value('snmpUser'), authProtocol: value('authProtocol') || null,
        privProtocol: value('privProtocol') || null });
      if (inputs.authPassphrase.value) body.authPassphrase = inputs.authPassphrase.value;
      if (inputs.privPassphrase.value) body.privPassphrase = inputs.privPassphrase.value;
    }
    try {
      const saved = d ? await ctx.api('PUT', `/network/devices/${enc(d.id)}`, body)
        : await ctx.api('POST', '/network/devices', body);
      dialog.close();
      await done(saved);
    } catch (e) {
      showErrors(form, e);
    }
  }
}
