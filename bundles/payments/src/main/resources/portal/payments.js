// The Payments page (plugin online_payments): the tenant's Stripe keys (write-only) and where Stripe posts its
// events, the payments and refunds taken through Stripe (an isp_admin refunds there), and a month's payouts
// reconciled with them. Rendered by the portal shell: render(root, ctx, path).

export default async function render(root, ctx) {
  const { h, mount } = ctx;
  const admin = ctx.caller.role === 'isp_admin';
  const settings = h('section', { 'aria-labelledby': 'payments-settings' });
  const ledger = h('section', { 'aria-labelledby': 'payments-ledger' });
  const reconciliation = h('section', { 'aria-labelledby': 'payments-reconciliation' });
  mount(root, h('h1', 'Payments'),
    h('p.hint', 'Subscribers pay invoices online with the pay link of each invoice (and in the customer portal); '
      + 'the card is typed on Stripe\'s own page, never here.'),
    settings, ledger, reconciliation);
  await Promise.all([showSettings(ctx, settings, admin), listPayments(ctx, ledger, admin),
    showReconciliation(ctx, reconciliation)]);
}

async function showSettings(ctx, section, admin) {
  const { h, mount, field, showErrors } = ctx;
  const s = await ctx.api('GET', '/payments/settings');
  const secretKey = h('input', { name: 'secretKey', type: 'password', autocomplete: 'off', disabled: !admin,
    placeholder: s.secretKeySet ? `set (…${s.secretKeyHint})` : 'sk_live_…' });
  const webhookSecret = h('input', { name: 'webhookSecret', type: 'password', autocomplete: 'off',
    disabled: !admin, placeholder: s.webhookSecretSet ? 'set' : 'whsec_…' });
  const autopay = h('input', { name: 'autopay', type: 'checkbox', checked: s.autopay, disabled: !admin });
  const saved = h('p.hint', { role: 'status' });
  const form = h('form', { noValidate: true, on: { submit: async (e) => {
    e.preventDefault();
    const body = { gateway: 'stripe', autopay: autopay.checked };
    if (secretKey.value.trim()) body.secretKey = secretKey.value.trim();
    if (webhookSecret.value.trim()) body.webhookSecret = webhookSecret.value.trim();
    try {
      await ctx.api('PUT', '/payments/settings', body);
      saved.textContent = 'Saved.';
      await showSettings(ctx, section, admin);
    } catch (err) {
      showErrors(form, err);
    }
  } } },
  field('Stripe secret key', secretKey, 'Write-only: it is never shown again'),
  field('Webhook signing secret', webhookSecret, `Stripe posts its events to ${location.origin}${s.webhookPath}`),
  field('Let payers keep their card for autopay', autopay),
  admin ? h('div.actions', h('button.primary', { type: 'submit' }, 'Save settings')) : null, saved);
  mount(section, h('h2#payments-settings', 'Stripe'), form);
}

async function listPayments(ctx, section, admin) {
  const { h, mount } = ctx;
  const page = await ctx.api('GET', '/payments?limit=200');
  mount(section, h('h2#payments-ledger', 'Payments and refunds'),
    page.items.length === 0 ? h('p.hint', 'No payment taken online yet.') : h('table',
      h('caption.sr-only', 'Payments and refunds taken through Stripe'),
      h('thead', h('tr', ['Recorded', 'Kind', 'Amount', 'Invoice', 'Stripe', 'How', '']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', page.items.slice().reverse().map((p) => h('tr', { dataset: { payment: p.id } },
        h('td', { dataset: { label: 'Recorded' } }, new Date(p.recordedAt).toLocaleString()),
        h('td', { dataset: { label: 'Kind' } }, p.kind),
        h('td', { dataset: { label: 'Amount' } }, `${p.amount} ${p.currency}`
          + (p.applied !== p.amount.replace('-', '') ? ` (${p.applied} applied)` : '')),
        h('td', { dataset: { label: 'Invoice' } }, p.invoiceId),
        h('td', { dataset: { label: 'Stripe' } }, p.gatewayRef),
        h('td', { dataset: { label: 'How' } }, p.via),
        h('td', admin && p.kind === 'PAYMENT' ? h('button', { type: 'button', 'aria-label': `Refund ${p.gatewayRef}`,
          on: { click: () => refund(ctx, p, () => listPayments(ctx, section, admin)) } }, 'Refund') : null))))));
}

function refund(ctx, payment, done) {
  const { h, field, showErrors } = ctx;
  const amount = h('input', { name: 'amount', inputMode: 'decimal', placeholder: payment.amount });
  const reason = h('input', { name: 'reason' });
  const dialog = h('dialog', { 'aria-labelledby': 'payments-refund-title' });
  const form = h('form', { noValidate: true, on: { submit: async (event) => {
    event.preventDefault();
    const body = { reason: reason.value.trim() || undefined };
    if (amount.value.trim()) body.amount = amount.value.trim();
    try {
      await ctx.api('POST', `/payments/${encodeURIComponent(payment.id)}/refunds`, body);
      dialog.close();
      await done();
    } catch (e) {
      showErrors(form, e);
    }
  } } },
  h('h2#payments-refund-title', `Refund ${payment.amount} ${payment.currency}`),
  field('Amount', amount, 'Empty: all that is left'), field('Reason', reason),
  h('div.actions', h('button', { type: 'button', on: { click: () => dialog.close() } }, 'Cancel'),
    h('button.primary', { type: 'submit' }, 'Refund')));
  ctx.showDialog(dialog, form);
  amount.focus();
}

async function showReconciliation(ctx, section) {
  const { h, mount, field } = ctx;
  const month = h('input', { name: 'month', type: 'month', value: new Date().toISOString().slice(0, 7) });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { noValidate: true, on: { submit: async (e) => {
    e.preventDefault();
    try {
      const r = await ctx.api('GET', `/payments/reconciliation?month=${encodeURIComponent(month.value)}`);
      mount(out, h('p', `${r.payouts.length} payouts, ${r.matched} transactions matched; `
        + `${r.gatewayOnly.length} at Stripe only, ${r.notPaidOut.length} recorded but not paid out.`),
      r.payouts.length === 0 ? null : h('table', h('caption.sr-only', 'Payouts'),
        h('thead', h('tr', ['Arrived', 'Payout', 'Amount', 'Fees', 'Matched'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', r.payouts.map((p) => h('tr', h('td', p.arrivalDate), h('td', p.id), h('td', `${p.amount} ${p.currency}`),
          h('td', p.fees), h('td', `${p.matched} of ${p.transactions}`))))));
    } catch (err) {
      mount(out, h('p.hint', err.message));
    }
  } } }, field('Month', month), h('div.actions', h('button', { type: 'submit' }, 'Reconcile')));
  mount(section, h('h2#payments-reconciliation', 'Payouts'), form, out);
}
