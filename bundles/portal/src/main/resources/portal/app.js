// The portal's shell: login, the navigation (built-in pages and the pages the tenant's plugins contribute), the
// router (#/<page>), and the plugins page. A plugin's page is an ES module from its own bundle whose default export
// renders it: render(root, ctx) with ctx = { api, h, mount, field, showErrors, navigate, caller, refresh }.

import { api, ApiError, blobUrl, loggedIn, login, setToken, whenUnauthorised } from './api.js';
import { field, h, mount, showDialog, showErrors } from './dom.js';

const TIERS = ['FREE', 'BASIC', 'PREMIUM', 'ENTERPRISE'];
const REFRESH_MS = 5000;
const app = document.getElementById('app');

const state = {
  caller: null, // { name, role, tenant, slug }
  contributions: [],
  signature: '',
  timer: null,
};

const ctx = { api, h, mount, field, showErrors, showDialog, navigate, blobUrl, refresh: refreshNavigation, get caller() {
  return state.caller;
} };

// ---- login and logout

function claims(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function loginView(message) {
  stopRefreshing();
  const tenant = h('input', { name: 'tenant', autocomplete: 'organization', placeholder: 'your-isp' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password',
    required: true });
  const form = h('form.card.login', { on: { submit: submitLogin }, noValidate: true },
    h('h1', 'DotMac'),
    h('p.hint', 'Sign in to your ISP. Platform operators leave the tenant empty.'),
    message ? h('p.notice', { role: 'status' }, message) : null,
    field('Tenant', tenant, 'The tenant\'s slug, as in acme-isp'),
    field('Username', username),
    field('Password', password),
    h('button.primary', { type: 'submit' }, 'Sign in'));
  mount(app, h('main.centered', form));
  (tenant.value ? username : tenant).focus();
  performance.mark('dotmac:login'); // user timing: when the sign-in form is ready (benchmarks read it)

  async function submitLogin(event) {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const slug = tenant.value.trim();
      const answer = await login(slug || null, username.value.trim(), password.value);
      const c = claims(answer.access_token);
      state.caller = { name: c.name, role: c.role, tenant: c.tenant || null, slug: slug || null };
      await startSession();
    } catch (error) {
      showErrors(form, error instanceof ApiError ? error : { message: String(error) });
      button.disabled = false;
    }
  }
}

function logout(message) {
  setToken(null);
  state.caller = null;
  state.contributions = [];
  state.signature = '';
  history.replaceState(null, '', '#/');
  loginView(message);
}

whenUnauthorised(() => logout('Your session ended: sign in again.'));

// ---- the layout and navigation

async function startSession() {
  mount(app,
    h('a.skip', { href: '#main' }, 'Skip to content'),
    h('header.top',
      h('button.menu', { type: 'button', 'aria-label': 'Menu', 'aria-expanded': 'false', on: { click: toggleMenu } },
        '☰'),
      h('span.brand', 'DotMac'),
      h('span.who', state.caller.slug ? `${state.caller.name} · ${state.caller.slug}` : `${state.caller.name} · operator`),
      h('button.link', { type: 'button', on: { click: () => logout('Signed out.') } }, 'Sign out')),
    h('nav.side', { 'aria-label': 'Pages' }, h('ul')),
    h('main#main', { tabIndex: -1 }));
  await refreshNavigation();
  startRefreshing();
  window.onhashchange = route;
  route();
}

function toggleMenu(event) {
  const nav = app.querySelector('nav.side');
  const open = nav.classList.toggle('open');
  event.currentTarget.setAttribute('aria-expanded', String(open));
}

function builtIn() {
  if (!state.caller.tenant) {
    return [
      { id: 'tenants', label: 'Tenants', order: 10, render: tenantsPage },
      { id: 'catalogue', label: 'Plugin catalogue', order: 20, render: cataloguePage },
      { id: 'instance', label: 'Instance licence', order: 30, render: instancePage },
    ];
  }
  const core = [
    { id: 'dashboard', label: 'Dashboard', order: 0, render: dashboardPage },
    { id: 'plugins', label: 'Plugins', order: 5, render: pluginsPage },
    { id: 'marketplace', label: 'Marketplace', order: 6, render: marketplacePage },
  ];
  if (state.caller.role === 'isp_admin') core.push({ id: 'users', label: 'Users', order: 1000, render: usersPage }); // last, as settings
  return core;
}

function pages() {
  return [...builtIn(), ...state.contributions].sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
}

/** Reads the pages the tenant may use now; redraws the navigation when they changed. */
async function refreshNavigation() {
  if (!loggedIn()) return;
  let contributions = [];
  if (state.caller.tenant) {
    try {
      contributions = await api('GET', '/portal/contributions');
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) return;
    }
  }
  const signature = contributions.map((c) => c.id).join(',');
  const changed = signature !== state.signature;
  state.contributions = contributions;
  state.signature = signature;
  if (!changed && app.querySelector('nav.side a')) return; // redrawn only when it changed: focus stays put
  drawNavigation();
  // the pages that show the licence follow it; another page is left alone (a form may be half filled)
  const current = currentPage() || pages()[0].id;
  if (changed && (!pages().some((p) => p.id === current) || current === 'plugins' || current === 'dashboard')) {
    route();
  }
}

function drawNavigation() {
  const list = app.querySelector('nav.side ul');
  if (!list) return;
  const current = currentPage() || pages()[0].id;
  mount(list, pages().map((p) => h('li', h('a', {
    href: `#/${p.id}`,
    'aria-current': p.id === current ? 'page' : null,
    dataset: { page: p.id },
  }, p.label))));
}

function startRefreshing() {
  stopRefreshing();
  state.timer = setInterval(refreshNavigation, REFRESH_MS);
  document.addEventListener('visibilitychange', refreshOnFocus);
}

function stopRefreshing() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  document.removeEventListener('visibilitychange', refreshOnFocus);
}

function refreshOnFocus() {
  if (document.visibilityState === 'visible') refreshNavigation();
}

// ---- routing

function currentPage() {
  const hash = location.hash.replace(/^#\/?/, '');
  return hash.split('/')[0] || null;
}

function navigate(path) {
  location.hash = `#/${path}`;
}

async function route() {
  if (!loggedIn()) return;
  const main = app.querySelector('main');
  const [id, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const page = pages().find((p) => p.id === (id || pages()[0].id));
  app.querySelector('nav.side')?.classList.remove('open');
  drawNavigation();
  if (!page) {
    const view = await forbidden(id);
    if (view) mount(main, view);
    return;
  }
  mount(main, h('p.loading', 'Loading…'));
  try {
    if (page.render) {
      await page.render(main, rest);
    } else {
      const module = await import(page.module);
      await module.default(main, ctx, rest);
    }
    performance.mark(`dotmac:page:${page.id}`); // user timing: the page is drawn and usable
  } catch (error) {
    mount(main, errorBox(error));
  }
  main.focus();
}

/** What a page's URL shows when the page is not the tenant's to use: the licence's reason, not a broken page. */
async function forbidden(id) {
  let reason = `There is no page '${id}'.`;
  if (state.caller.tenant && id) {
    try {
      await api('GET', `/portal/pages/${encodeURIComponent(id)}`);
      await refreshNavigation(); // it became available meanwhile
      if (pages().some((p) => p.id === id)) {
        await route();
        return null;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status !== 404) {
        reason = [error.title, error.detail].filter(Boolean).map((t) => t.replace(/\.?$/, '.')).join(' ');
      }
    }
  }
  return h('section.card',
    h('h1', 'Not available'),
    h('p', { role: 'alert' }, reason),
    h('p', h('a', { href: '#/plugins' }, 'See your plugins')));
}

function errorBox(error) {
  const status = error instanceof ApiError ? error.status : 0;
  return h('section.card.error', { role: 'alert' },
    h('h1', status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong'),
    h('p', error instanceof ApiError ? (error.detail || error.title) : String(error.message || error)));
}

// ---- built-in pages

async function dashboardPage(main) {
  const [license, plugins] = await Promise.all([api('GET', '/tenant/license'), api('GET', '/tenant/plugins')]);
  const active = new Set(plugins.filter((p) => p.active).map((p) => p.id));
  // each figure the tenant's plugins can give, asked for at once; one the tenant cannot read is left out
  const figure = async (plugin, label, read) => {
    if (!active.has(plugin)) return null;
    try {
      return [label, await read()];
    } catch (error) {
      return null;
    }
  };
  const money = (totals) => Object.entries(totals).map(([c, v]) => `${v.toFixed(2)} ${c}`).join(', ') || '0.00';
  const optional = await Promise.all([
    figure('advanced_reporting', 'MRR this month', async () => {
      const report = await api('GET', '/reports/mrr?period=month-to-date');
      const totals = {};
      for (const r of report.rows) totals[r.currency] = (totals[r.currency] || 0) + Number(r.mrr);
      return money(totals);
    }),
    figure('ticketing', 'Open tickets', async () => {
      const open = await api('GET', '/tickets?status=OPEN&limit=200');
      return `${open.items.length}${open.nextCursor ? '+' : ''}`;
    }),
    figure('basic_billing', 'Unpaid', async () => {
      const unpaid = await api('GET', '/invoices?status=ISSUED&limit=200');
      const totals = {};
      for (const i of unpaid.items) totals[i.currency] = (totals[i.currency] || 0) + Number(i.balance);
      return `${money(totals)}${unpaid.nextCursor ? ' (first 200 invoices)' : ''}`;
    }),
    figure('network_monitoring', 'Devices down', async () => {
      const network = await api('GET', '/network/summary');
      return `${network.byStatus.DOWN || 0} of ${network.devices}`;
    }),
  ]);
  const figures = [
    ['Tier', license.tier],
    ['Customers', license.customerLimit ? `${license.customerCount} of ${license.customerLimit}`
      : String(license.customerCount)],
    ['Active plugins', `${active.size} of ${plugins.length}`],
    ...optional.filter(Boolean),
  ];
  mount(main,
    h('h1', 'Dashboard'),
    h('dl.figures', figures.map(([k, v]) => h('div.figure', h('dt', k), h('dd', v)))),
    h('p.hint', `Plan: ${license.tier}, ${license.monthlyPrice} ${license.currency} a month.`));
}

async function pluginsPage(main) {
  const [plugins, license, tiers] = await Promise.all([api('GET', '/tenant/plugins'), api('GET', '/tenant/license'),
    api('GET', '/tenant/tiers')]);
  let catalogue = [];
  try {
    catalogue = await api('GET', '/plugins');
  } catch (error) {
    // the catalogue's states are a nicety
  }
  const admin = state.caller.role === 'isp_admin';
  const offer = (tier) => tiers.find((t) => t.tier === tier);
  const cards = plugins.map((p) => {
    const installed = catalogue.find((c) => c.id === p.id);
    let status;
    let reason = null;
    if (installed && installed.state && installed.state !== 'ACTIVE') {
      status = 'not installed on this instance';
    } else if (!p.entitled) {
      status = 'not in your tier';
      const o = offer(p.requiredTier);
      reason = `Needs ${p.requiredTier} or higher (you have ${license.tier})` +
        (o ? `: ${o.monthlyPrice} ${o.currency} a month.` : '.');
    } else if (!p.enabled) {
      status = 'switched off';
    } else {
      status = 'active';
    }
    const switcher = admin && p.entitled ? h('label.switch',
      h('input', { type: 'checkbox', checked: p.enabled, name: p.id, on: { change: (e) => toggle(p, e.target) } }),
      h('span', p.enabled ? 'On' : 'Off')) : null;
    return h('article.card.plugin', { dataset: { plugin: p.id, state: status.replace(/ /g, '-') } },
      h('header', h('h2', p.name), h('span.badge', { dataset: { tier: p.requiredTier } }, p.requiredTier)),
      h('p.state', status),
      reason ? h('p.reason', reason) : null,
      switcher,
      h('p.error', { role: 'alert' }));
  });
  mount(main, h('h1', 'Plugins'),
    h('p.hint', `Your tier: ${license.tier}. ${admin ? 'Switch a plugin off to hide it from your team.' : ''}`),
    h('div.cards', cards));

  async function toggle(plugin, input) {
    const card = input.closest('article');
    card.querySelector('.error').textContent = '';
    input.disabled = true;
    try {
      const after = await api('PUT', `/tenant/plugins/${plugin.id}`, { enabled: input.checked });
      plugin.enabled = after.enabled;
      await refreshNavigation();
      await pluginsPage(main);
    } catch (error) {
      input.checked = !input.checked;
      card.querySelector('.error').textContent = error.message;
      input.disabled = false;
    }
  }
}

/** The marketplace: certified third-party plugins, bought as add-ons (isp_admin), and the tenant's purchases. */
async function marketplacePage(main) {
  const [catalogue, purchases] = await Promise.all([api('GET', '/marketplace/listings?limit=200'),
    api('GET', '/marketplace/purchases')]);
  const admin = state.caller.role === 'isp_admin';
  const bought = new Map(purchases.map((p) => [p.plugin, p]));
  const cards = catalogue.items.map((l) => {
    const p = bought.get(l.plugin);
    const status = p ? (p.endsAt ? `bought, ends ${new Date(p.endsAt).toLocaleDateString()}` : 'bought') : 'on offer';
    const error = h('p.error', { role: 'alert' });
    const act = async (method, path, body) => {
      error.textContent = '';
      try {
        await api(method, path, body);
        await refreshNavigation();
        await marketplacePage(main);
      } catch (e) {
        error.textContent = e.message;
      }
    };
    return h('article.card.plugin', { dataset: { listing: l.plugin, state: p ? (p.endsAt ? 'ending' : 'bought')
      : 'on-offer' } },
    h('header', h('h2', l.name), h('span.badge', { dataset: { tier: l.tierFloor } }, `${l.tierFloor}+`)),
    h('p', l.description),
    h('p.state', `${l.monthlyPrice} ${l.currency} a month · ${status}`),
    h('p.hint', `By ${l.developer}`),
    admin && !p ? h('button.primary', { type: 'button', on: { click: () => act('POST', '/marketplace/purchases',
      { plugin: l.plugin }) } }, `Buy ${l.name}`) : null,
    admin && p && !p.endsAt ? h('button', { type: 'button', on: { click: () => {
      if (window.confirm(`Cancel ${l.name}? It runs to the end of the month.`)) {
        act('DELETE', `/marketplace/purchases/${encodeURIComponent(l.plugin)}`);
      }
    } } }, 'Cancel at month end') : null,
    error);
  });
  mount(main, h('h1', 'Marketplace'),
    h('p.hint.intro', 'Plugins by other developers, certified by the platform. A plugin you buy is yours at once, '
      + 'billed monthly; cancelled, it runs to the end of the month.'),
    cards.length ? h('div.cards', cards) : h('p.hint', 'Nothing on offer yet.'));
}

const ROLES = ['isp_admin', 'isp_staff', 'isp_readonly'];

/** The tenant's users (isp_admin only): add one, change a role, deactivate and reactivate. */
async function usersPage(main, rest, cursor) {
  const role = h('select', { name: 'role' }, h('option', { value: '' }, 'Any'), ROLES.map((r) => h('option',
    { value: r }, r)));
  const active = h('select', { name: 'active' }, [['', 'Any'], ['true', 'Active'], ['false', 'Deactivated']]
    .map(([v, l]) => h('option', { value: v }, l)));
  const list = h('div.list');
  const pager = h('div.pager');
  const cursors = [null];
  mount(main, h('h1', 'Users'),
    h('form.toolbar', { role: 'search', on: { submit: (e) => { e.preventDefault(); load(0); } } },
      field('Role', role), field('State', active), h('button', { type: 'submit' }, 'Show'),
      h('button.primary', { type: 'button', on: { click: () => addUser(() => load(0)) } }, 'Add user')),
    list, pager);
  await load(0);

  async function load(index) {
    const params = new URLSearchParams({ limit: '50' });
    if (role.value) params.set('role', role.value);
    if (active.value) params.set('active', active.value);
    if (cursors[index]) params.set('cursor', cursors[index]);
    const page = await api('GET', `/users?${params}`);
    cursors.length = index + 1;
    if (page.nextCursor) cursors.push(page.nextCursor);
    mount(list, h('table', h('caption.sr-only', 'Users'),
      h('thead', h('tr', ['Username', 'E-mail', 'Role', 'State', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((u) => {
        const self = u.username === state.caller.name;
        const select = h('select', { name: 'role', 'aria-label': `Role of ${u.username}`, disabled: self || !u.active,
          on: { change: () => change(u, { role: select.value }, row) } },
        ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)));
        const row = h('tr', { dataset: { user: u.id, username: u.username } },
          h('td', { dataset: { label: 'Username' } }, u.username),
          h('td', { dataset: { label: 'E-mail' } }, u.email),
          h('td', { dataset: { label: 'Role' } }, select),
          h('td', { dataset: { label: 'State' } }, u.active ? 'active' : 'deactivated'),
          h('td', self ? h('span.hint', 'you') : h('button', { type: 'button',
            on: { click: () => change(u, { active: !u.active }, row) } }, u.active ? 'Deactivate' : 'Reactivate'),
          h('p.error', { role: 'alert' })));
        return row;
      }))));
    mount(pager,
      index > 0 ? h('button', { type: 'button', on: { click: () => load(index - 1) } }, 'Previous page') : null,
      page.nextCursor ? h('button', { type: 'button', on: { click: () => load(index + 1) } }, 'Next page') : null);

    async function change(user, changes, row) {
      if (changes.active === false && !window.confirm(`Deactivate ${user.username}? Their sessions end at once.`)) {
        return;
      }
      try {
        await api('PATCH', `/users/${encodeURIComponent(user.id)}`, changes);
        await load(index);
      } catch (error) {
        row.querySelector('.error').textContent = error.message;
      }
    }
  }

  function addUser(done) {
    const inputs = {
      username: h('input', { name: 'username', autocomplete: 'off' }),
      email: h('input', { name: 'email', type: 'email' }),
      password: h('input', { name: 'password', type: 'password', autocomplete: 'new-password' }),
      role: h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'isp_staff' }, r))),
    };
    const dialog = h('dialog', { 'aria-labelledby': 'user-dialog-title' });
    const form = h('form', { noValidate: true, on: { submit: save } },
      h('h2#user-dialog-title', 'Add user'),
      field('Username', inputs.username), field('E-mail', inputs.email),
      field('Password', inputs.password, 'At least 10 characters; pass it on by a safe way'),
      field('Role', inputs.role),
      h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
        h('button.primary', { type: 'submit' }, 'Add')));
    showDialog(dialog, form);
    inputs.username.focus();

    async function save(event) {
      event.preventDefault();
      const body = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, input.value.trim()]));
      body.password = inputs.password.value;
      try {
        await api('POST', '/users', body);
        dialog.close();
        await done();
      } catch (error) {
        showErrors(form, error);
      }
    }
  }
}

// ---- operator pages

async function tenantsPage(main, rest, cursor) {
  const page = await api('GET', `/tenants?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  mount(main, h('h1', 'Tenants'),
    h('table', h('caption.sr-only', 'Tenants'),
      h('thead', h('tr', ['Slug', 'Name', 'Tier', 'Status', 'Currency'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.map((t) => h('tr', h('td', t.slug), h('td', t.name), h('td', t.tier), h('td', t.status),
        h('td', t.currency))))),
    page.nextCursor ? h('button', { type: 'button', on: { click: () => tenantsPage(main, rest, page.nextCursor) } },
      'Next page') : null);
}

async function cataloguePage(main) {
  const plugins = await api('GET', '/plugins');
  mount(main, h('h1', 'Plugin catalogue'),
    h('table', h('thead', h('tr', ['Plugin', 'Tier', 'Version', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', plugins.map((p) => h('tr', h('td', p.name), h('td', p.tier), h('td', p.version), h('td', p.state))))));
}

async function instancePage(main) {
  const licence = await api('GET', '/instance/license');
  const select = h('select', { name: 'tier' }, TIERS.map((t) => h('option', { value: t, selected: t === licence.tier },
    t)));
  const form = h('form.card', { on: { submit: save } }, field('Instance tier', select),
    h('button.primary', { type: 'submit' }, 'Save'));
  mount(main, h('h1', 'Instance licence'), form);

  async function save(event) {
    event.preventDefault();
    try {
      await api('PUT', '/instance/license', { tier: select.value });
      showErrors(form, null);
      form.querySelector('.form-error').textContent = 'Saved.';
    } catch (error) {
      showErrors(form, error);
    }
  }
}

loginView();
