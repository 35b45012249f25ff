// The e-mail page (plugin email_notifications): the templates of the events; one template's editor with a preview
// the server renders with the event's sample data, saving and going back to the default (isp_admin); the outbox
// (email-outbox.js) and the sender and SMTP settings (email-settings.js, isp_admin). render(root, ctx, path): path
// [] or ['templates'] the list, ['templates', <event>] one template, ['outbox'], ['settings'].

import outbox from './email-outbox.js';
import settings from './email-settings.js';

/** An event's key as words: invoice_issued → Invoice issued. */
const label = (key) => key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');

export default async function render(root, ctx, path) {
  const { h, mount } = ctx;
  const view = (path && path[0]) || 'templates';
  const tabs = [['templates', 'Templates'], ['outbox', 'Outbox']];
  if (ctx.caller.role === 'isp_admin') tabs.push(['settings', 'Settings']);
  const body = h('div.tab');
  mount(root, h('h1', 'E-mail'),
    h('nav.tabs', { 'aria-label': 'E-mail' }, tabs.map(([id, text]) => h('a', {
      href: `#/email/${id}`, 'aria-current': id === view ? 'page' : null, dataset: { tab: id } }, text))),
    body);
  if (view === 'outbox') await outbox(body, ctx);
  else if (view === 'settings') await settings(body, ctx);
  else if (path && path[1]) await template(body, ctx, path[1]);
  else await templates(body, ctx);
}

/** Every event's template: the tenant's own or the default. */
async function templates(root, ctx) {
  const { h, mount } = ctx;
  const all = await ctx.api('GET', '/notifications/templates');
  mount(root,
    h('p.hint', 'The e-mail each event sends. Open one to edit it and preview it with sample data.'),
    h('table', h('caption.sr-only', 'E-mail templates'),
      h('thead', h('tr', ['Event', 'Subject', 'Template'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', all.map((t) => h('tr', { dataset: { event: t.event, custom: String(t.custom) } },
        h('td', { dataset: { label: 'Event' } },
          h('a', { href: `#/email/templates/${encodeURIComponent(t.event)}` }, label(t.event))),
        h('td', { dataset: { label: 'Subject' } }, t.subject),
        h('td', { dataset: { label: 'Template' } }, t.custom ? 'Custom' : 'Default'))))));
}

/** One event's template: subject and body (FreeMarker), the server's preview of them, save and reset. */
async function template(root, ctx, key, notice) {
  const { h, mount, field, showErrors } = ctx;
  const admin = ctx.caller.role === 'isp_admin';
  const path = `/notifications/templates/${encodeURIComponent(key)}`;
  const t = await ctx.api('GET', path);
  const subject = h('input', { name: 'subject', value: t.subject, autocomplete: 'off' });
  const body = h('textarea.template', { name: 'body', rows: 14, value: t.body });
  const status = h('p.notice', { role: 'status' });
  const form = h('form.card', { noValidate: true, dataset: { event: t.event, custom: String(t.custom) },
    on: { submit: save } },
    h('h2', label(t.event)),
    h('p.hint', (t.custom ? 'Your own template.' : 'The default template.')
      + (admin ? '' : ' Only administrators (isp_admin) may change it; you may preview changes.')),
    field('Subject', subject),
    field('Body', body, `Plain text, FreeMarker. Variables: ${t.variables.map((v) => `\${${v}}`).join(', ')}`),
    status,
    h('div.actions',
      h('button', { type: 'button', on: { click: preview } }, 'Preview'),
      admin && t.custom ? h('button', { type: 'button', on: { click: reset } }, 'Reset to default') : null,
      admin ? h('button.primary', { type: 'submit' }, 'Save template') : null));
  const shownSubject = h('strong.preview-subject');
  const shownBody = h('pre.preview-body');
  const box = h('section.card.email-preview', { 'aria-labelledby': 'email-preview-title', 'aria-live': 'polite' },
    h('h2#email-preview-title', 'Preview'), h('p.hint', 'Rendered by the server with sample data.'),
    h('p', 'Subject: ', shownSubject), shownBody);
  mount(root, h('p', h('a', { href: '#/email/templates' }, '← Templates')), form, box);
  await preview();
  if (notice) status.textContent = notice;

  async function preview() {
    try {
      const p = await ctx.api('POST', `${path}/preview`, { subject: subject.value, body: body.value });
      showErrors(form, null);
      shownSubject.textContent = p.subject;
      shownBody.textContent = p.body;
      box.dataset.state = 'ok';
    } catch (e) {
      showErrors(form, e);
      box.dataset.state = 'error'; // the last good rendering stays, marked stale
    }
  }

  async function save(event) {
    event.preventDefault();
    status.textContent = '';
    try {
      await ctx.api('PUT', path, { subject: subject.value, body: body.value });
      await template(root, ctx, key, 'Saved.');
    } catch (e) {
      showErrors(form, e);
    }
  }

  async function reset() {
    if (!window.confirm(`Go back to the default template of "${label(key)}"? Your own is deleted.`)) return;
    status.textContent = '';
    try {
      await ctx.api('DELETE', path);
      await template(root, ctx, key, 'Back to the default template.');
    } catch (e) {
      showErrors(form, e);
    }
  }
}
