// The billing settings page (plugin automated_billing): whether the daily run happens, its time and time zone, the
// day of the month subscriptions are billed on, and the dunning steps; isp_admin changes them, the others read them.
// Below, the credits (SLA breaches...) waiting for, or put on, subscriptions' next invoices.

const ACTIONS = ['REMIND', 'SUSPEND'];
const CREDITS_SHOWN = 100;

export default async function render(root, ctx) {
  await draw(root, ctx, null);
}

async function draw(root, ctx, notice) {
  const { h, mount, field, showErrors } = ctx;
  const admin = ctx.caller.role === 'isp_admin';
  const [s, credits] = await Promise.all([ctx.api('GET', '/billing/settings'),
    ctx.api('GET', '/billing/credits').catch(() => null)]);
  const scheduled = h('input', { type: 'checkbox', name: 'scheduled', checked: Boolean(s.scheduled) });
  const runTime = h('input', { name: 'runTime', value: s.runTime || '', placeholder: '02:00', inputMode: 'numeric',
    autocomplete: 'off' });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const timeZone = h('input', { name: 'timeZone', value: s.timeZone || '', list: 'billing-time-zones',
    autocomplete: 'off' });
  const anchorDay = h('select', { name: 'anchorDay' },
    h('option', { value: '0', selected: !s.anchorDay }, 'The day each subscription started'),
    Array.from({ length: 28 }, (_, i) => h('option', { value: String(i + 1), selected: s.anchorDay === i + 1 },
      `Day ${i + 1}`)));
  // the dunning steps are redrawn from `steps` so their names (dunning[i].afterDays) follow the order sent
  let steps = (s.dunning || []).map((d) => ({ afterDays: String(d.afterDays), action: d.action }));
  const rows = h('div.rows');
  const dunning = h('fieldset#billing-dunning.steps', { name: 'dunning' }, h('legend', 'Dunning steps'),
    h('p.hint', 'After an invoice\'s due date: REMIND sends a reminder, SUSPEND also suspends the customer until '
      + 'it is paid.'),
    h('p#billing-dunning-error.field-error', { role: 'alert' }), rows,
    admin ? h('button', { type: 'button', on: { click: () => change((all) => all.push({ afterDays: '',
      action: 'REMIND' })) } }, 'Add a step') : null);
  drawSteps();
  const status = h('p.notice', { role: 'status' }, notice || '');
  const form = h('form.card', { noValidate: true, on: { submit: save } },
    h('h2', 'Schedule and dunning'),
    admin ? null : h('p.hint', 'Only administrators (isp_admin) may change these.'),
    h('fieldset.plain', { disabled: !admin },
      field('Run every day', scheduled, 'Otherwise runs start only by hand, on the Billing runs page'),
      field('Run time', runTime, 'HH:mm, in the time zone below'),
      field('Time zone', timeZone, 'An IANA id such as Europe/Berlin or UTC'),
      h('datalist#billing-time-zones', zones.map((z) => h('option', { value: z }))),
      field('Billing day of the month', anchorDay, 'A first period that starts on another day is prorated'),
      dunning),
    status,
    admin ? h('div.actions', h('button.primary', { type: 'submit' }, 'Save settings')) : null);
  mount(root, h('h1', 'Billing settings'), form, credits ? creditList(ctx, credits) : null);

  function drawSteps() {
    mount(rows, steps.length === 0 ? h('p.hint', 'No dunning steps.') : steps.map((step, i) => h('div.step',
      { dataset: { step: String(i) } },
      field(`Step ${i + 1}: days after the due date`, h('input', { name: `dunning[${i}].afterDays`,
        value: step.afterDays, inputMode: 'numeric', on: { input: (e) => { step.afterDays = e.target.value; } } })),
      field('Action', h('select', { name: `dunning[${i}].action`, on: { change: (e) => {
        step.action = e.target.value;
      } } }, ACTIONS.map((a) => h('option', { value: a, selected: a === step.action }, a)))),
      admin ? h('button', { type: 'button', on: { click: () => change((all) => all.splice(i, 1)) } },
        'Remove step') : null)));
  }

  function change(edit) {
    steps = steps.slice();
    edit(steps);
    drawSteps();
  }

  async function save(event) {
    event.preventDefault();
    status.textContent = '';
    // numbers as numbers; other text goes as it is, for the API to name it
    const number = (v) => (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v);
    const body = {
      scheduled: scheduled.checked,
      runTime: runTime.value.trim(),
      timeZone: timeZone.value.trim(),
      anchorDay: Number(anchorDay.value),
      dunning: steps.map((d) => ({ afterDays: number(d.afterDays), action: d.action })),
    };
    try {
      await ctx.api('PUT', '/billing/settings', body);
      await draw(root, ctx, 'Saved.');
    } catch (e) {
      showErrors(form, e);
    }
  }
}

/** The credits, newest first: waiting for a subscription's next invoice, or on the invoice a run put them on. */
function creditList(ctx, credits) {
  const { h } = ctx;
  const shown = credits.slice(0, CREDITS_SHOWN);
  return h('section.credits', { 'aria-labelledby': 'billing-credits-title' },
    h('h2#billing-credits-title', 'Credits'),
    h('p.hint', 'Credits go on a subscription\'s next invoice of a billing run'
      + (credits.length > shown.length ? ` (the newest ${shown.length} of ${credits.length}).` : '.')),
    shown.length === 0 ? h('p.hint', 'No credits.') : h('table',
      h('caption.sr-only', 'Credits'),
      h('thead', h('tr', ['Added', 'Subscription', 'Description', 'Amount', 'Invoice'].map((c) => h('th',
        { scope: 'col' }, c)))),
      h('tbody', shown.map((c) => h('tr', { dataset: { credit: c.id, state: c.invoiceId ? 'invoiced' : 'waiting' } },
        h('td', { dataset: { label: 'Added' } }, new Date(c.createdAt).toLocaleString()),
        h('td', { dataset: { label: 'Subscription' } }, c.subscriptionId),
        h('td', { dataset: { label: 'Description' } }, c.description),
        h('td', { dataset: { label: 'Amount' } }, `${c.amount} ${c.currency}`),
        h('td', { dataset: { label: 'Invoice' } }, c.invoiceId
          ? h('a', { href: `#/invoices/${encodeURIComponent(c.invoiceId)}` }, 'Invoiced') : 'Waiting'))))));
}
