// The billing runs page (plugin automated_billing): the runs, newest last page first, and a new run whose progress
// is shown live until it ends.

const POLL_MS = 1000;

export default async function render(root, ctx) {
  const { h, mount, field, showErrors } = ctx;
  const date = h('input', { name: 'date', type: 'date' });
  const form = h('form.card.toolbar', { noValidate: true, on: { submit: start } },
    h('h2', 'Start a run'), field('Bill up to', date, 'Empty: today, in your billing time zone'),
    h('button.primary', { type: 'submit' }, 'Start run'));
  const live = h('section.live', { 'aria-live': 'polite' });
  const list = h('div.list');
  mount(root, h('h1', 'Billing runs'), ctx.caller.role === 'isp_admin' ? form : null, live, list);
  await load();

  async function load() {
    const page = await ctx.api('GET', '/billing/runs?limit=50');
    mount(list, page.items.length === 0 ? h('p.hint', 'No billing runs yet.') : h('table',
      h('caption.sr-only', 'Billing runs'),
      h('thead', h('tr', ['Date', 'Trigger', 'Status', 'Billed', 'Invoices', 'Failed'].map((c) => h('th', { scope: 'col' },
        c)))),
      h('tbody', page.items.slice().reverse().map((r) => h('tr', { dataset: { run: r.id } },
        h('td', { dataset: { label: 'Date' } }, r.date),
        h('td', { dataset: { label: 'Trigger' } }, r.trigger),
        h('td', { dataset: { label: 'Status' } }, r.status),
        h('td', { dataset: { label: 'Billed' } }, `${r.done} of ${r.total}`),
        h('td', { dataset: { label: 'Invoices' } }, r.invoices),
        h('td', { dataset: { label: 'Failed' } }, r.failed))))));
  }

  async function start(event) {
    event.preventDefault();
    try {
      const run = await ctx.api('POST', '/billing/runs', date.value ? { date: date.value } : {});
      showErrors(form, null);
      await follow(run);
    } catch (e) {
      showErrors(form, e);
    }
  }

  /** The run's progress until it is no longer RUNNING (while this page is shown). */
  async function follow(run) {
    const bar = h('progress', { max: Math.max(1, run.total), value: run.done, 'aria-label': 'Billing run progress' });
    const text = h('p.run-status', { dataset: { status: run.status } });
    mount(live, h('div.card', h('h2', `Run of ${run.date}`), bar, text));
    let current = run;
    while (live.isConnected) {
      bar.max = Math.max(1, current.total);
      bar.value = current.done + current.failed;
      text.dataset.status = current.status;
      const invoices = `${current.invoices} invoice${current.invoices === 1 ? '' : 's'}`;
      text.textContent = `${current.status}: ${current.done} of ${current.total} billed, ${invoices}`
        + (current.failed ? `, ${current.failed} failed` : '') + (current.message ? ` (${current.message})` : '');
      if (current.status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      current = await ctx.api('GET', `/billing/runs/${encodeURIComponent(run.id)}`);
    }
    if (live.isConnected) {
      for (const f of current.failures || []) text.after(h('p.error', `${f.subscriptionId}: ${f.message}`));
      await load();
    }
  }
}
