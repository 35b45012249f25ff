// The e-mail page's settings (plugin email_notifications, isp_admin only), drawn by email.js under #/email/settings:
// the sender's name and address and the tenant's own SMTP server. An empty field takes the instance's default; the
// host, port, user, password and STARTTLS are one unit, used only with the tenant's own host. The SMTP password is
// write-only: the API never returns it, only whether one is stored (smtpPasswordSet), so the field starts empty.

export default async function settings(root, ctx, notice) {
  const { h, mount, field, showErrors } = ctx;
  if (ctx.caller.role !== 'isp_admin') {
    mount(root, h('p.hint', 'Only administrators (isp_admin) see and change the e-mail settings.'));
    return;
  }
  const s = await ctx.api('GET', '/notifications/settings');
  const text = (name, value, attrs) => h('input', { name, value: value ?? '', autocomplete: 'off', ...attrs });
  const inputs = {
    fromName: text('fromName', s.fromName),
    fromAddress: text('fromAddress', s.fromAddress, { type: 'email' }),
    smtpHost: text('smtpHost', s.smtpHost),
    smtpPort: text('smtpPort', s.smtpPort, { inputMode: 'numeric' }),
    smtpUsername: text('smtpUsername', s.smtpUsername),
    smtpPassword: h('input', { name: 'smtpPassword', type: 'password', autocomplete: 'new-password', value: '' }),
  };
  const tls = s.smtpStartTls === undefined || s.smtpStartTls === null ? '' : String(s.smtpStartTls);
  const startTls = h('select', { name: 'smtpStartTls' },
    [tls === '' ? ['', 'Instance default'] : null, ['true', 'Yes'], ['false', 'No']].filter(Boolean)
      .map(([value, caption]) => h('option', { value, selected: value === tls }, caption)));
  const forget = s.smtpPasswordSet ? h('input', { type: 'checkbox', name: 'forgetSmtpPassword' }) : null;
  const form = h('form.card', { noValidate: true, on: { submit: save } },
    h('h2', 'Sender and SMTP server'),
    h('p.hint', 'An empty field takes the instance\'s default. Your SMTP port, user, password and STARTTLS go with '
      + 'your own SMTP host.'),
    field('From name', inputs.fromName),
    field('From address', inputs.fromAddress),
    field('SMTP host', inputs.smtpHost, 'Empty: the instance\'s SMTP server'),
    field('SMTP port', inputs.smtpPort),
    field('SMTP username', inputs.smtpUsername),
    field('SMTP password', inputs.smtpPassword, s.smtpPasswordSet
      ? 'A password is stored; it is never shown. Leave this empty to keep it.' : 'No password is stored.'),
    forget ? field('Remove the stored password', forget) : null,
    field('STARTTLS', startTls),
    h('p.notice', { role: 'status' }, notice || ''),
    h('div.actions',
      s.smtpHost ? h('button', { type: 'button', on: { click: useInstance } }, 'Use the instance\'s server') : null,
      h('button.primary', { type: 'submit' }, 'Save settings')));
  mount(root, form);

  async function save(event) {
    event.preventDefault();
    const body = {
      fromName: inputs.fromName.value,
      fromAddress: inputs.fromAddress.value.trim(),
      smtpHost: inputs.smtpHost.value.trim(),
      smtpUsername: inputs.smtpUsername.value,
    };
    // the port as a number when it is one; other text goes as it is, for the API to name it
    const port = inputs.smtpPort.value.trim();
    if (port) body.smtpPort = /^\d+$/.test(port) ? Number(port) : port;
    if (inputs.smtpPassword.value) body.smtpPassword = inputs.smtpPassword.value;
    else if (forget && forget.checked) body.smtpPassword = '';
    if (startTls.value) body.smtpStartTls = startTls.value === 'true';
    await put(body, 'Saved.');
  }

  async function useInstance() {
    if (!window.confirm('Send through the instance\'s SMTP server? Your SMTP settings and password are removed.')) {
      return;
    }
    await put({ smtpHost: '' }, 'Now sending through the instance\'s SMTP server.');
  }

  async function put(body, done) {
    try {
      await ctx.api('PUT', '/notifications/settings', body);
      await settings(root, ctx, done);
    } catch (e) {
      showErrors(form, e);
    }
  }
}
