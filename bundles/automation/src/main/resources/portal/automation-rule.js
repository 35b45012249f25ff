// The automation page's rule editor (plugin advanced_automation): name, trigger (an event or a cron schedule),
// conditions as the API's tree (all / any groups of field tests) and the ordered actions. Every control is named by
// the API's path (trigger.cron, conditions.all[0].op, actions[1].subject), so its errors land next to it.

// the events a rule may name and their fields, as the API lists them (GET /automation/events), read once
const SCHEDULED = 'io/dotmac/automation/SCHEDULED';
let EVENTS = {};
export async function loadEvents(ctx) {
  if (Object.keys(EVENTS).length === 0) {
    const events = await ctx.api('GET', '/automation/events');
    EVENTS = Object.fromEntries(events.map((e) => [e.topic, Object.keys(e.fields)]));
  }
  return EVENTS;
}
/** The fields of a rule's event (a cron rule's is io/dotmac/automation/SCHEDULED); loadEvents first. */
export const fieldsOf = (trigger) => EVENTS[trigger.cron ? SCHEDULED : trigger.topic] || ['tenantSlug'];
const OPS = ['equals', 'not_equals', 'in', 'gt', 'gte', 'lt', 'lte', 'matches'];
// each action type and the fields it reads (Rule.Action / Actions.validate)
export const ACTIONS = {
  create_ticket: ['customerId', 'subject', 'description', 'priority'],
  suspend_subscription: ['customerId', 'subscriptionId'],
  resume_subscription: ['customerId', 'subscriptionId'],
  send_email: ['to', 'subject', 'message'],
  call_webhook: ['webhookId'],
  set_customer_tag: ['customerId', 'tag'],
  remove_customer_tag: ['customerId', 'tag'],
};
const LABELS = { customerId: 'Customer id', subscriptionId: 'Subscription id', subject: 'Subject',
  description: 'Description', priority: 'Priority', to: 'To', message: 'Message', webhookId: 'Webhook', tag: 'Tag' };
const HINTS = { customerId: 'Such as {{customerId}}', to: 'E-mail addresses, separated by commas',
  subscriptionId: 'Either a subscription or a customer (all their subscriptions)', tag: 'Such as late-payer' };

/** The editor of rule `id` (null: a new rule), on its own route. */
export async function editor(root, ctx, id) {
  const { h, mount, field } = ctx;
  await loadEvents(ctx);
  const rule = id ? await ctx.api('GET', `/automation/rules/${encodeURIComponent(id)}`) : null;
  const hooks = await ctx.api('GET', '/integrations/webhooks?limit=200').then((p) => p.items, () => null);
  const t = rule?.trigger || {};
  const text = (v) => (Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? '' : String(v));
  const leaf = (c) => (c.all || c.any ? { kind: c.all ? 'all' : 'any', items: (c.all || c.any).map(leaf) }
    : { field: c.field || '', op: c.op || 'equals', value: text(c.value) });
  const conditions = !rule?.conditions ? { kind: 'all', items: [] }
    : rule.conditions.field !== undefined ? { kind: 'all', items: [leaf(rule.conditions)] } : leaf(rule.conditions);
  const actions = (rule?.actions || [{ type: 'create_ticket', customerId: '{{customerId}}' }])
    .map((a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, text(v)])));
  const inputs = {
    name: h('input', { name: 'name', value: rule?.name || '' }),
    description: h('textarea', { name: 'description', rows: 2, value: rule?.description || '' }),
    enabled: h('input', { name: 'enabled', type: 'checkbox', checked: rule ? rule.enabled : true }),
    kind: h('select', { name: 'trigger', on: { change: redrawTrigger } },
      h('option', { value: 'topic', selected: !t.cron }, 'An event'),
      h('option', { value: 'cron', selected: Boolean(t.cron) }, 'A schedule (cron)')),
    topic: h('select', { name: 'trigger.topic', on: { change: redrawTrigger } },
      [...new Set([...Object.keys(EVENTS).filter((e) => e !== SCHEDULED), ...(t.topic ? [t.topic] : [])])]
        .map((e) => h('option', { value: e, selected: e === t.topic }, e))),
    cron: h('input', { name: 'trigger.cron', value: t.cron || '', placeholder: '0 6 * * 1' }),
    zone: h('input', { name: 'trigger.zone', value: t.cron ? t.zone || '' : '', placeholder: 'UTC' }),
  };
  const topicField = field('Event', inputs.topic);
  const cronFields = h('div', field('Cron', inputs.cron, 'Minute hour day-of-month month day-of-week'),
    field('Time zone', inputs.zone, 'Such as Europe/Berlin; empty: UTC'));
  const fields = h('datalist#rule-fields');
  const placeholders = h('p.hint');
  const conditionsBox = h('div');
  const actionsBox = box(h, 'actions', 'Actions, in order');
  const form = h('form.card.rule-editor', { noValidate: true, on: { submit: save } },
    h('h1', rule ? `Edit ${rule.name}` : 'New rule'),
    field('Name', inputs.name), field('Description', inputs.description), field('Enabled', inputs.enabled),
    h('fieldset', h('legend', 'Trigger'), field('Runs on', inputs.kind), topicField, cronFields), fields,
    conditionsBox, actionsBox, placeholders,
    h('div.actions', h('a', { href: rule ? `#/automation/rules/${encodeURIComponent(rule.id)}` : '#/automation' },
      'Cancel'), h('button.primary', { type: 'submit' }, 'Save rule')));
  mount(root, h('p', h('a', { href: '#/automation' }, '← Rules')), form);
  redrawTrigger();
  redraw();
  inputs.name.focus();

  function redrawTrigger() {
    const cron = inputs.kind.value === 'cron';
    topicField.hidden = cron;
    cronFields.hidden = !cron;
    const names = fieldsOf(cron ? { cron: true } : { topic: inputs.topic.value });
    mount(fields, names.map((n) => h('option', { value: n })));
    placeholders.textContent = `Text may hold placeholders: ${[...names, 'topic', 'ruleId', 'ruleName']
      .map((n) => `{{${n}}}`).join(' ')}`;
  }

  function redraw() {
    mount(conditionsBox, group(conditions, 'conditions', 0, null));
    const slot = actionsBox.lastChild;
    mount(actionsBox, h('legend', 'Actions, in order'), actions.map(action),
      h('button', { type: 'button', on: { click: () => { actions.push({ type: 'create_ticket' }); redraw(); } } },
        'Add action'), slot);
  }

  /** A group (all / any) at `path` and its tests and groups; the root group without items means no conditions. */
  function group(node, path, depth, remove) {
    const kind = h('select', { name: path, on: { change: (e) => { node.kind = e.target.value; redraw(); } } },
      h('option', { value: 'all', selected: node.kind === 'all' }, 'All of these hold'),
      h('option', { value: 'any', selected: node.kind === 'any' }, 'Any of these holds'));
    const add = (item) => () => { node.items.push(item); redraw(); };
    return h('fieldset.conditions', h('legend', depth ? 'Group of conditions' : 'Conditions'),
      field('Match', kind),
      depth === 0 && node.items.length === 0 ? h('p.hint', 'No conditions: the rule acts on every event.') : null,
      node.items.map((item, i) => {
        const drop = () => { node.items.splice(i, 1); redraw(); };
        return item.items ? group(item, `${path}.${node.kind}[${i}]`, depth + 1, drop)
          : test(item, `${path}.${node.kind}[${i}]`, drop);
      }),
      h('div.actions',
        h('button', { type: 'button', on: { click: add({ field: '', op: 'equals', value: '' }) } }, 'Add condition'),
        h('button', { type: 'button', on: { click: add({ kind: 'all', items: [] }) } }, 'Add group'),
        remove ? h('button', { type: 'button', on: { click: remove } }, 'Remove group') : null));
  }

  function test(node, path, remove) {
    const set = (key) => (e) => { node[key] = e.target.value; };
    const bind = (key) => ({ input: set(key), change: set(key) });
    return h('div.condition', { dataset: { path } },
      field('Field', h('input', { name: `${path}.field`, value: node.field, list: 'rule-fields', on: bind('field') })),
      field('Test', h('select', { name: `${path}.op`, on: bind('op') },
        OPS.map((o) => h('option', { value: o, selected: o === node.op }, o)))),
      field('Value', h('input', { name: `${path}.value`, value: node.value, on: bind('value') }),
        'For "in": values separated by commas'),
      h('button', { type: 'button', on: { click: remove } }, 'Remove condition'));
  }

  function action(a, i) {
    const path = `actions[${i}]`;
    const set = (key) => (e) => { a[key] = e.target.value; };
    const type = h('select', { name: `${path}.type`, on: { change: (e) => { a.type = e.target.value; redraw(); } } },
      Object.keys(ACTIONS).map((k) => h('option', { value: k, selected: k === a.type }, k)));
    const control = (key) => {
      const name = `${path}.${key}`;
      const on = { input: set(key), change: set(key) };
      if (key === 'priority') {
        return h('select', { name, on }, ['', 'LOW', 'NORMAL', 'HIGH', 'URGENT'].map((p) => h('option',
          { value: p, selected: p === (a.priority || '') }, p || 'NORMAL (default)')));
      }
      if (key === 'webhookId' && hooks) {
        const gone = !a.webhookId || hooks.some((w) => w.id === a.webhookId) ? []
          : [{ id: a.webhookId, url: a.webhookId }];
        return h('select', { name, on }, h('option', { value: '' }, 'Choose…'), [...hooks, ...gone].map((w) =>
          h('option', { value: w.id, selected: w.id === a.webhookId },
            w.enabled === false ? `${w.url} (disabled)` : w.url)));
      }
      const long = key === 'description' || key === 'message';
      return h(long ? 'textarea' : 'input', { name, value: a[key] || '', rows: long ? 3 : undefined, on });
    };
    const move = (to) => () => { actions.splice(to, 0, actions.splice(i, 1)[0]); redraw(); };
    return box(h, path, `Action ${i + 1}`, field('Type', type),
      (ACTIONS[a.type] || []).map((key) => field(LABELS[key], control(key), HINTS[key])),
      h('div.actions',
        i > 0 ? h('button', { type: 'button', on: { click: move(i - 1) } }, 'Move up') : null,
        h('button', { type: 'button', on: { click: () => { actions.splice(i, 1); redraw(); } } }, 'Remove action')));
  }

  function body() {
    const tree = (n) => (n.items ? { [n.kind]: n.items.map(tree) } : { field: n.field, op: n.op,
      value: n.op === 'in' ? n.value.split(',').map((v) => v.trim()).filter(Boolean) : n.value });
    const trigger = inputs.kind.value === 'cron'
      ? { cron: inputs.cron.value, ...(inputs.zone.value.trim() ? { zone: inputs.zone.value.trim() } : {}) }
      : { topic: inputs.topic.value };
    return {
      name: inputs.name.value.trim(),
      description: inputs.description.value.trim() || undefined,
      enabled: inputs.enabled.checked,
      trigger,
      conditions: conditions.items.length ? tree(conditions) : null,
      actions: actions.map((a) => Object.fromEntries([['type', a.type], ...(ACTIONS[a.type] || [])
        .filter((k) => a[k] && a[k].trim())
        .map((k) => [k, k === 'to' ? a.to.split(',').map((v) => v.trim()).filter(Boolean) : a[k].trim()])])),
    };
  }

  async function save(event) {
    event.preventDefault();
    try {
      const saved = rule ? await ctx.api('PUT', `/automation/rules/${encodeURIComponent(rule.id)}`, body())
        : await ctx.api('POST', '/automation/rules', body());
      ctx.navigate(`automation/rules/${encodeURIComponent(saved.id)}`);
    } catch (e) {
      ctx.showErrors(form, e); // each error on the nearest control its path leads to
    }
  }
}

/** A fieldset named `name` (an API path) with its own error slot, like field()'s. */
function box(h, name, legend, ...children) {
  const id = `box-${name.replace(/[^a-z0-9]/gi, '-')}`;
  return h(`fieldset#${id}`, { name, tabIndex: -1, 'aria-describedby': `${id}-error` }, h('legend', legend),
    children, h(`p#${id}-error.field-error`, { role: 'alert' }));
}
