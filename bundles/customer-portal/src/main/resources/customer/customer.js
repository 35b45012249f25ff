// The customer self-service portal: one ES module, no framework, nothing fetched from elsewhere. The ISP is named in
// the address (?tenant=<short name>); a sign-in link adds #signin=<token>, exchanged once for a session whose token
// lives in this tab's sessionStorage (gone when the tab closes). Every page reads /api/v1/customer with it.

const params = new URLSearchParams(location.search);
const tenant = (params.get('tenant') || '').trim().toLowerCase();
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const status = document.getElementById('status');
const KEY = 'dotmac.customer.session';

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.errors = problem.errors || [];
  }
}

function session() {
  return sessionStorage.getItem(KEY);
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = session();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1/customer${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new ApiError(response.status, typeof data === 'object' ? data : { title: String(data) });
    if (response.status === 401 && token && path !== '/sessions') {
      sessionStorage.removeItem(KEY);
      signInPage('Your session has ended: sign in again.');
    }
    throw error;
  }
  return data;
}

// ---- building the page

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function show(...children) {
  main.replaceChildren(...children);
  main.focus();
}

function say(text) {
  status.textContent = text;
}

let fieldCounter = 0;
function field(label, name, attrs = {}) {
  const id = `f${++fieldCounter}`;
  const input = attrs.multiline
    ? h('textarea', { id, name, rows: 5, required: attrs.required, 'aria-describedby': `${id}-error` })
    : h('input', { id, name, type: attrs.type || 'text', required: attrs.required, autocomplete: attrs.autocomplete,
      'aria-describedby': `${id}-error` });
  if (attrs.value) input.value = attrs.value;
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), input,
    h('span', { id: `${id}-error`, class: 'error', 'data-error-for': name }));
}

function showErrors(form, error) {
  form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  let first = null;
  for (const e of error.errors) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(e.field)}"]`);
    const input = form.querySelector(`[name="${CSS.escape(e.field)}"]`);
    if (slot) slot.textContent = e.message;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first = first || input;
    }
  }
  if (first) first.focus();
  say(error.errors.length ? 'Please correct the fields marked.' : error.message);
}

function table(caption, headers, rows) {
  return h('table', {}, h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows));
}

const date = (d) => (d ? new Date(d).toLocaleDateString() : '');

// ---- brand

async function brand() {
  if (!tenant) return;
  try {
    const b = await fetch(`/api/v1/customer/brand?tenant=${encodeURIComponent(tenant)}`, { credentials: 'omit' });
    if (!b.ok) return;
    const brandView = await b.json();
    document.getElementById('isp').textContent = brandView.name;
    document.title = `Your account · ${brandView.name}`;
    if (brandView.primaryColour) document.documentElement.style.setProperty('--brand', brandView.primaryColour);
    if (brandView.accentColour) document.documentElement.style.setProperty('--accent', brandView.accentColour);
    if (brandView.logo) {
      const logo = document.getElementById('logo');
      logo.src = `/api/v1/customer/brand/logo?tenant=${encodeURIComponent(tenant)}`;
      logo.alt = brandView.name;
      logo.hidden = false;
    }
  } catch (e) {
    // the default look
  }
}

// ---- signing in

function signInPage(message) {
  nav.hidden = true;
  if (!tenant) {
    show(h('h1', { text: 'Sign in' }), h('p', { text: 'Open the link your internet provider gave you, or the one in '
      + 'your sign-in e-mail.' }));
    return;
  }
  const form = h('form', { novalidate: true }, field('Your e-mail address', 'email', {
    type: 'email', required: true, autocomplete: 'email',
  }), h('button', { type: 'submit', class: 'primary', text: 'E-mail me a sign-in link' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await api('POST', '/sign-in-links', { tenant, email: form.elements.email.value });
      show(h('h1', { text: 'Check your e-mail' }), h('p', { id: 'sent', text: answer.message }));
    } catch (e) {
      showErrors(form, e);
    }
  });
  show(h('h1', { text: 'Sign in' }), message ? h('p', { class: 'note', text: message }) : null,
    h('p', { text: 'We e-mail you a link that signs you in; no password needed.' }), form);
}

async function exchange(token) {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  try {
    const s = await api('POST', '/sessions', { tenant, token });
    sessionStorage.setItem(KEY, s.token);
    return true;
  } catch (e) {
    signInPage(e.message);
    return false;
  }
}

// ---- pages

const PAGES = [
  ['overview', 'Overview'], ['invoices', 'Invoices'], ['payments', 'Payments'], ['tickets', 'Support'],
  ['details', 'My details'],
];

function navigation(current) {
  nav.hidden = false;
  nav.replaceChildren(h('ul', {}, PAGES.map(([id, label]) => h('li', {}, h('a', {
    href: `#${id}`, 'aria-current': id === current ? 'page' : null, text: label,
  }))), h('li', {}, h('button', {
    type: 'button', class: 'link', text: 'Sign out',
    onclick: async () => {
      try { await api('DELETE', '/sessions/current'); } catch (e) { /* gone already */ }
      sessionStorage.removeItem(KEY);
      signInPage('You are signed out.');
    },
  }))));
}

function bytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u += 1; }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function duration(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

async function showUsage(s, section) {
  try {
    const days = await api('GET', `/subscriptions/${s.id}/usage`);
    section.replaceChildren(h('h2', { text: `Usage of ${s.planName}, last 30 days` }), days.length === 0
      ? h('p', { text: 'No sessions in the last 30 days.' })
      : table(`Usage of ${s.planName} per day`, ['Day', 'Downloaded', 'Uploaded', 'Online', 'Sessions'],
        days.map((d) => h('tr', { 'data-usage': d.day }, h('td', { text: date(d.day) }),
          h('td', { text: bytes(d.downloadedOctets) }), h('td', { text: bytes(d.uploadedOctets) }),
          h('td', { text: duration(d.seconds) }), h('td', { text: d.sessions })))));
  } catch (e) {
    section.replaceChildren(h('p', { text: e.status === 404 ? 'Usage is not available for this subscription.'
      : e.message }));
  }
  section.focus();
}

async function overview() {
  const [me, subscriptions] = await Promise.all([api('GET', '/me'), api('GET', '/subscriptions')]);
  const usage = h('section', { id: 'usage', tabindex: '-1', 'aria-live': 'polite' });
  show(h('h1', { text: `Hello, ${me.name}` }),
    subscriptions.length === 0 ? h('p', { text: 'You have no subscriptions.' })
      : table('Your subscriptions', ['Plan', 'Speed', 'Price', 'Status', 'Next bill', ''], subscriptions.map((s) => h('tr', {},
        h('td', { text: s.planName }), h('td', { text: `${s.downloadMbps}/${s.uploadMbps} Mbit/s` }),
        h('td', { text: `${s.price} ${s.currency} (${s.billingPeriod.toLowerCase()})` }),
        h('td', { text: s.status.toLowerCase() }), h('td', { text: date(s.nextBillingDate) }),
        h('td', {}, h('button', { type: 'button', text: 'Usage', 'aria-label': `Usage of ${s.planName}`,
          onclick: () => showUsage(s, usage) }))))),
    usage);
}

async function download(invoice) {
  const response = await fetch(`/api/v1/customer/invoices/${invoice.id}/pdf`, {
    headers: { Accept: 'application/pdf', Authorization: `Bearer ${session()}` }, credentials: 'omit',
  });
  if (!response.ok) {
    say('The PDF could not be made; try again later.');
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = h('a', { href: url, download: `${invoice.number}.pdf` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say(`Invoice ${invoice.number} downloaded.`);
}

async function pay(invoice) {
  try {
    const link = await api('GET', `/invoices/${invoice.id}/pay-link`);
    location.assign(link.path);
  } catch (e) {
    say(e.status === 404 ? 'Online payment is not available for this invoice.' : e.message);
  }
}

async function invoices() {
  const list = await api('GET', '/invoices');
  show(h('h1', { text: 'Invoices' }), list.length === 0 ? h('p', { text: 'No invoices yet.' })
    : table('Your invoices', ['Number', 'Issued', 'Due', 'Total', 'Still owed', 'Status', ''], list.map((i) => h('tr', {},
      h('td', { text: i.number }), h('td', { text: date(i.issueDate) }), h('td', { text: date(i.dueDate) }),
      h('td', { text: `${i.total} ${i.currency}` }), h('td', { text: `${i.balance} ${i.currency}` }),
      h('td', { text: i.status.toLowerCase() }),
      h('td', { class: 'actions' },
        h('button', { type: 'button', onclick: () => download(i), text: 'PDF', 'aria-label': `PDF of ${i.number}` }),
        i.status === 'ISSUED' ? h('button', {
          type: 'button', class: 'primary', onclick: () => pay(i), text: 'Pay', 'aria-label': `Pay ${i.number}`,
        }) : null)))));
}

async function payments() {
  const list = await api('GET', '/payments');
  show(h('h1', { text: 'Payments' }), list.length === 0 ? h('p', { text: 'No payments yet.' })
    : table('Your payments', ['Date', 'Invoice', 'Amount', 'How'], list.map((p) => h('tr', {},
      h('td', { text: date(p.receivedAt) }), h('td', { text: p.invoiceNumber }),
      h('td', { text: `${p.amount} ${p.currency}` }), h('td', { text: (p.method || '').toLowerCase().replace('_', ' ') })))));
}

async function tickets(rest) {
  if (rest) {
    await ticket(rest);
    return;
  }
  const list = await api('GET', '/tickets');
  const form = h('form', { novalidate: true, id: 'new-ticket' }, h('h2', { text: 'Ask for help' }),
    field('Subject', 'subject', { required: true }), field('What happened?', 'description', { required: true, multiline: true }),
    h('button', { type: 'submit', class: 'primary', text: 'Send' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const t = await api('POST', '/tickets', { subject: form.elements.subject.value,
        description: form.elements.description.value });
      say('Your request is sent.');
      location.hash = `#tickets/${t.id}`;
    } catch (e) {
      showErrors(form, e);
    }
  });
  show(h('h1', { text: 'Support' }), list.length === 0 ? h('p', { text: 'You have no support requests.' })
    : table('Your support requests', ['Subject', 'Opened', 'Status', 'Replies'], list.map((t) => h('tr', {},
      h('td', {}, h('a', { href: `#tickets/${t.id}`, text: t.subject })), h('td', { text: date(t.createdAt) }),
      h('td', { text: t.status.toLowerCase().replace('_', ' ') }), h('td', { text: t.commentCount })))), form);
}

async function ticket(id) {
  const [t, comments] = await Promise.all([api('GET', `/tickets/${id}`), api('GET', `/tickets/${id}/comments`)]);
  const form = h('form', { novalidate: true, id: 'reply' }, field('Your reply', 'body', { required: true, multiline: true }),
    h('button', { type: 'submit', class: 'primary', text: 'Reply' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', `/tickets/${id}/comments`, { body: form.elements.body.value });
      say('Your reply is sent.');
      await ticket(id);
    } catch (e) {
      showErrors(form, e);
    }
  });
  show(h('p', {}, h('a', { href: '#tickets', text: '← All requests' })), h('h1', { text: t.subject }),
    h('p', { class: 'note', text: `Opened ${date(t.createdAt)} · ${t.status.toLowerCase().replace('_', ' ')}` }),
    h('p', { class: 'description', text: t.description }),
    h('ol', { class: 'thread', 'aria-label': 'Replies' }, comments.map((c) => h('li', { class: c.mine ? 'mine' : 'theirs' },
      h('p', { class: 'who', text: `${c.mine ? 'You' : c.authorName} · ${new Date(c.createdAt).toLocaleString()}` }),
      h('p', { text: c.body })))),
    t.status === 'CLOSED' ? h('p', { text: 'This request is closed.' }) : form);
}

async function details() {
  const me = await api('GET', '/me');
  const form = h('form', { novalidate: true, id: 'details' },
    h('p', {}, h('strong', { text: me.name })),
    field('E-mail', 'email', { type: 'email', value: me.email, autocomplete: 'email' }),
    field('Phone', 'phone', { type: 'tel', value: me.phone, autocomplete: 'tel' }),
    field('Service address', 'serviceAddress', { value: me.serviceAddress, autocomplete: 'street-address' }),
    h('button', { type: 'submit', class: 'primary', text: 'Save' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('PATCH', '/me', { email: form.elements.email.value, phone: form.elements.phone.value,
        serviceAddress: form.elements.serviceAddress.value });
      form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
      say('Your details are saved.');
    } catch (e) {
      showErrors(form, e);
    }
  });
  show(h('h1', { text: 'My details' }), form);
}

const ROUTES = { overview, invoices, payments, tickets, details };

async function route() {
  if (!session()) {
    signInPage();
    return;
  }
  const [page, rest] = (location.hash.replace(/^#/, '') || 'overview').split('/');
  const render = ROUTES[page] || overview;
  navigation(ROUTES[page] ? page : 'overview');
  try {
    await render(rest);
  } catch (e) {
    if (e.status !== 401) show(h('h1', { text: 'Something went wrong' }), h('p', { text: e.message }));
  }
}

async function start() {
  await brand();
  const signin = new URLSearchParams(location.hash.replace(/^#/, '')).get('signin');
  if (signin && !(await exchange(signin))) return;
  window.addEventListener('hashchange', route);
  await route();
}

start();
