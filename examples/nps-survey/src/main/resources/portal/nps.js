// The NPS survey page (plugin nps_survey, a marketplace example): the tenant's score and its answers, and an answer
// recorded with its field errors. Rendered by the portal shell: render(root, ctx).

export default async function render(root, ctx) {
  const { h, mount, field, showErrors } = ctx;
  const [score, answers] = await Promise.all([ctx.api('GET', '/nps/score'), ctx.api('GET', '/nps/responses?limit=50')]);
  const customerId = h('input', { name: 'customerId' });
  const value = h('input', { name: 'score', inputMode: 'numeric' });
  const comment = h('input', { name: 'comment' });
  const form = h('form.card.toolbar', { noValidate: true, on: { submit: save } },
    h('h2', 'Record an answer'), field('Customer id', customerId), field('Score (0-10)', value),
    field('Comment', comment), h('button.primary', { type: 'submit' }, 'Record'));
  mount(root, h('h1', 'NPS survey'),
    h('dl.figures',
      [['NPS', score.score ?? '—'], ['Answers', score.responses], ['Promoters', score.promoters],
        ['Detractors', score.detractors]].map(([k, v]) => h('div.figure', { dataset: { figure: k } }, h('dt', k),
        h('dd', String(v))))),
    ctx.caller.role === 'isp_readonly' ? null : form,
    answers.items.length === 0 ? h('p.hint', 'No answers yet.') : h('table', h('caption.sr-only', 'Answers'),
      h('thead', h('tr', ['Customer', 'Score', 'Comment'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', answers.items.map((a) => h('tr', { dataset: { response: a.id } },
        h('td', { dataset: { label: 'Customer' } }, a.customerId),
        h('td', { dataset: { label: 'Score' } }, String(a.score)),
        h('td', { dataset: { label: 'Comment' } }, a.comment || ''))))));

  async function save(event) {
    event.preventDefault();
    const n = value.value.trim();
    try {
      await ctx.api('POST', '/nps/responses', { customerId: customerId.value.trim(),
        score: /^\d+$/.test(n) ? Number(n) : n, comment: comment.value });
      await render(root, ctx);
    } catch (e) {
      showErrors(form, e);
    }
  }
}
