// The RADIUS page (plugin radius_aaa): subscribers' network credentials with their status and rate, an account's
// sessions and usage per day, the NASes, what a suspended subscriber gets, and the Disconnect/CoA requests sent.
// Rendered by the portal shell: render(root, ctx, path); path[0] 'account', path[1] an account's id.

const enc = encodeURIComponent;

export default async function render(root, ctx, path) {
  if (path && path[0] === 'account' && path[1]) {
    await account(root, ctx, path[1]);
    return;
  }
  const { h, mount } = ctx;
  const writer = ctx.caller.role === 'isp_admin';
  const accounts = h('section', { 'aria-labelledby': 'radius-accounts' });
  const nases = h('section', { 'aria-labelledby': 'radius-nas' });
  const settings = h('section', { 'aria-labelledby': 'radius-settings' });
  const requests = h('section', { 'aria-labelledby': 'radius-requests' });
  mount(root, h('h1', 'RADIUS'),
    h('p.hint', 'Subscribers log in to your NASes through FreeRADIUS with these credentials: PPPoE as '
      + `username@${ctx.caller.slug}, a MAC binding by its address.`),
    accounts, nases, settings, requests);
  await Promise.all([listAccounts(ctx, accounts, writer), listNases(ctx, nases, writer),
    showSettings(ctx, settings, writer), listRequests(ctx, requests)]);
}

async function listAccounts(ctx, section, writer) {
  const { h, mount } = ctx;
  const page = await ctx.api('GET', '/radius/accounts?limit=200');
  mount(section, h('h2#radius-accounts', 'Accounts'),
    writer ? h('button.primary', { type: 'button', on: { click: () => addAccount(ctx, () =>
      listAccounts(ctx, section, writer)) } }, 'Add account') : null,
    page.items.length === 0 ? h('p.hint', 'No accounts yet: add one for a subscription.') : h('table',
      h('caption.sr-only', 'RADIUS accounts'),
      h('thead', h('tr', ['Login', 'Kind', 'Status', 'Rate (Mbit/s)', 'VLAN', 'Subscription', '']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((a) => h('tr', { dataset: { account: a.id } },
        h('td', { dataset: { label: 'Login' } }, a.login),
        h('td', { dataset: { label: 'Kind' } }, a.kind),
        h('td', { dataset: { label: 'Status' } }, a.status),
        h('td', { dataset: { label: 'Rate' } }, `${a.downloadMbps} ↓ / ${a.uploadMbps} ↑`),
        h('td', { dataset: { label: 'VLAN' } }, a.vlan == null ? '—' : String(a.vlan)),
        h('td', { dataset: { label: 'Subscription' } }, a.subscriptionId),
        h('td', h('button', { type: 'button', 'aria-label': `Usage of ${a.login}`,
          on: { click: () => ctx.navigate(`radius/account/${enc(a.id)}`) } }, 'Usage')))))));
}

function addAccount(ctx, done) {
  const { h, field, showErrors } = ctx;
  const inputs = {
    subscriptionId: h('input', { name: 'subscriptionId' }),
    kind: h('select', { name: 'kind' }, ['PPPOE', 'MAC'].map((k) => h('option', { value: k }, k))),
    username: h('input', { name: 'username', autocomplete: 'off' }),
    macAddress: h('input', { name: 'macAddress', placeholder: 'aa:bb:cc:dd:ee:ff' }),
    password: h('input', { name: 'password', autocomplete: 'new-password' }),
    vlan: h('input', { name: 'vlan', inputMode: 'numeric' }),
  };
  const dialog = h('dialog', { 'aria-labelledby': 'radius-account-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#radius-account-title', 'Add account'),
    field('Subscription id', inputs.subscriptionId), field('Kind', inputs.kind),
    field('Username (PPPoE)', inputs.username), field('MAC address (MAC binding)', inputs.macAddress),
    field('Password', inputs.password, 'Empty: one is generated'), field('VLAN', inputs.vlan, 'Empty: none'),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  inputs.subscriptionId.focus();

  async function save(event) {
    event.preventDefault();
    const body = { subscriptionId: inputs.subscriptionId.value.trim(), kind: inputs.kind.value };
    for (const k of ['username', 'macAddress', 'password']) {
      if (inputs[k].value.trim()) body[k] = inputs[k].value.trim();
    }
    const vlan = inputs.vlan.value.trim();
    if (vlan) body.vlan = /^\d+$/.test(vlan) ? Number(vlan) : vlan;
    try {
      await ctx.api('POST', '/radius/accounts', body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }
}

async function listNases(ctx, section, writer) {
  const { h, mount } = ctx;
  const page = await ctx.api('GET', '/radius/nas?limit=200');
  mount(section, h('h2#radius-nas', 'NASes'),
    writer ? h('button', { type: 'button', on: { click: () => addNas(ctx, () => listNases(ctx, section, writer)) } },
      'Add NAS') : null,
    page.items.length === 0 ? h('p.hint', 'No NAS yet: FreeRADIUS answers only the NASes listed here.') : h('table',
      h('caption.sr-only', 'NASes'),
      h('thead', h('tr', ['Name', 'Address', 'Type', 'CoA port', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((n) => h('tr', { dataset: { nas: n.id } },
        h('td', { dataset: { label: 'Name' } }, n.name),
        h('td', { dataset: { label: 'Address' } }, n.address),
        h('td', { dataset: { label: 'Type' } }, n.type),
        h('td', { dataset: { label: 'CoA port' } }, String(n.coaPort)),
        h('td', writer ? h('button', { type: 'button', 'aria-label': `Remove ${n.name}`, on: { click: async () => {
          await ctx.api('DELETE', `/radius/nas/${enc(n.id)}`);
          await listNases(ctx, section, writer);
        } } }, 'Remove') : null))))));
}

function addNas(ctx, done) {
  const { h, field, showErrors } = ctx;
  const inputs = {
    name: h('input', { name: 'name' }),
    address: h('input', { name: 'address', placeholder: '192.0.2.1' }),
    secret: h('input', { name: 'secret', type: 'password', autocomplete: 'new-password' }),
    type: h('input', { name: 'type', placeholder: 'other' }),
    coaPort: h('input', { name: 'coaPort', inputMode: 'numeric', placeholder: '3799' }),
  };
  const dialog = h('dialog', { 'aria-labelledby': 'radius-nas-title' });
  const form = h('form', { noValidate: true, on: { submit: save } },
    h('h2#radius-nas-title', 'Add NAS'),
    field('Name', inputs.name), field('Address', inputs.address, 'The IPv4 address its requests come from'),
    field('Shared secret', inputs.secret, 'Write-only'), field('Type', inputs.type), field('CoA port', inputs.coaPort),
    h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
      h('button.primary', { type: 'submit' }, 'Save')));
  ctx.showDialog(dialog, form);
  inputs.name.focus();

  async function save(event) {
    event.preventDefault();
    const body = {};
    for (const [k, input] of Object.entries(inputs)) {
      const v = input.value.trim();
      if (v) body[k] = k === 'coaPort' && /^\d+$/.test(v) ? Number(v) : v;
    }
    try {
      await ctx.api('POST', '/radius/nas', body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  }
}

async function showSettings(ctx, section, writer) {
  const { h, mount, field, showErrors } = ctx;
  const s = await ctx.api('GET', '/radius/settings');
  const action = h('select', { name: 'suspendedAction', disabled: !writer },
    [['REJECT', 'Refused (Access-Reject)'], ['WALLED_GARDEN', 'Walled garden (a pool of the NAS)']]
      .map(([v, l]) => h('option', { value: v, selected: v === s.suspendedAction }, l)));
  const pool = h('input', { name: 'walledGardenPool', value: s.walledGardenPool || '', disabled: !writer });
  const saved = h('p.hint', { role: 'status' });
  const form = h('form', { noValidate: true, on: { submit: async (e) => {
    e.preventDefault();
    try {
      await ctx.api('PUT', '/radius/settings', { suspendedAction: action.value,
        walledGardenPool: pool.value.trim() || null });
      saved.textContent = 'Saved.';
    } catch (err) {
      showErrors(form, err);
    }
  } } }, field('A suspended subscriber is', action), field('Walled-garden pool', pool, 'Framed-Pool'),
  writer ? h('div.actions', h('button.primary', { type: 'submit' }, 'Save')) : null, saved);
  mount(section, h('h2#radius-settings', 'Suspended subscribers'), form);
}

async function listRequests(ctx, section) {
  const { h, mount } = ctx;
  const page = await ctx.api('GET', '/radius/requests?limit=200');
  mount(section, h('h2#radius-requests', 'Disconnect and CoA requests'),
    page.items.length === 0 ? h('p.hint', 'None sent yet.') : h('table',
      h('caption.sr-only', 'Disconnect and CoA requests'),
      h('thead', h('tr', ['Sent', 'Kind', 'Why', 'NAS', 'Session', 'Answer']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.slice().reverse().map((r) => h('tr',
        h('td', { dataset: { label: 'Sent' } }, new Date(r.requestedAt).toLocaleString()),
        h('td', { dataset: { label: 'Kind' } }, r.kind),
        h('td', { dataset: { label: 'Why' } }, r.reason),
        h('td', { dataset: { label: 'NAS' } }, r.nasAddress),
        h('td', { dataset: { label: 'Session' } }, r.sessionId),
        h('td', { dataset: { label: 'Answer' } }, r.errorCause ? `${r.result} (${r.errorCause})` : r.result))))));
}

/** One account: its open and recent sessions, and usage per day over the last 30 days. */
async function account(root, ctx, id) {
  const { h, mount } = ctx;
  const [a, usage, sessions] = await Promise.all([ctx.api('GET', `/radius/accounts/${enc(id)}`),
    ctx.api('GET', `/radius/accounts/${enc(id)}/usage`), ctx.api('GET', `/radius/accounts/${enc(id)}/sessions`)]);
  const gb = (octets) => (octets / 1e9).toFixed(2);
  mount(root, h('h1', a.login),
    h('p', `${a.kind} · ${a.status} · ${a.downloadMbps} ↓ / ${a.uploadMbps} ↑ Mbit/s`),
    h('button', { type: 'button', on: { click: () => ctx.navigate('radius') } }, 'Back to RADIUS'),
    h('h2', 'Usage per day (last 30 days)'),
    usage.length === 0 ? h('p.hint', 'No sessions in the last 30 days.') : h('table',
      h('caption.sr-only', 'Usage per day'),
      h('thead', h('tr', ['Day', 'Sessions', 'Hours', 'Upload (GB)', 'Download (GB)']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', usage.map((d) => h('tr',
        h('td', { dataset: { label: 'Day' } }, d.day),
        h('td', { dataset: { label: 'Sessions' } }, String(d.sessions)),
        h('td', { dataset: { label: 'Hours' } }, (d.seconds / 3600).toFixed(1)),
        h('td', { dataset: { label: 'Upload' } }, gb(d.inputOctets)),
        h('td', { dataset: { label: 'Download' } }, gb(d.outputOctets)))))),
    h('h2', 'Sessions'),
    sessions.length === 0 ? h('p.hint', 'None.') : h('table',
      h('caption.sr-only', 'Sessions'),
      h('thead', h('tr', ['Started', 'Stopped', 'NAS', 'Address', 'Upload (GB)', 'Download (GB)', 'Cause']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', sessions.map((s) => h('tr',
        h('td', { dataset: { label: 'Started' } }, new Date(s.startedAt).toLocaleString()),
        h('td', { dataset: { label: 'Stopped' } }, s.stoppedAt ? new Date(s.stoppedAt).toLocaleString() : 'open'),
        h('td', { dataset: { label: 'NAS' } }, s.nasAddress),
        h('td', { dataset: { label: 'Address' } }, s.framedAddress || '—'),
        h('td', { dataset: { label: 'Upload' } }, gb(s.inputOctets)),
        h('td', { dataset: { label: 'Download' } }, gb(s.outputOctets)),
        h('td', { dataset: { label: 'Cause' } }, s.terminateCause || ''))))));
}
