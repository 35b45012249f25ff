// The plugin's portal page: its notes, and a note added (the API's error shown next to the field).
export default async function render(root, ctx) {
  const { h, mount, field, showErrors } = ctx;
  const base = location.hash.replace(/^#\/?/, '').split('/')[0]; // the page's id is the plugin's REST root
  const page = await ctx.api('GET', `/${base}/notes?limit=50`);
  const text = h('input', { name: 'text' });
  const form = h('form.card.toolbar', { noValidate: true, on: { submit: add } },
    field('Note', text), h('button.primary', { type: 'submit' }, 'Add note'));
  mount(root, h('h1', document.querySelector('nav.side a[aria-current="page"]')?.textContent || 'Notes'), form,
    page.items.length === 0 ? h('p.hint', 'No notes yet.') : h('ul', page.items.map((n) => h('li', n.text))));

  async function add(event) {
    event.preventDefault();
    try {
      await ctx.api('POST', `/${base}/notes`, { text: text.value });
      await render(root, ctx);
    } catch (e) {
      showErrors(form, e);
    }
  }
}
