// A tiny DOM helper shared by the shell and every page module: h('tag#id.class', {attrs, on: {event}}, ...children).

export function h(spec, attrs, ...children) {
  const [head, ...classes] = spec.split('.');
  const [tag, id] = head.split('#');
  const el = document.createElement(tag || 'div');
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key in el && key !== 'list' && key !== 'form') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Shows `dialog` (modal) holding `form`; closed, it leaves the page. */
export function showDialog(dialog, form) {
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let fieldIds = 0;

/** A labelled form field: its input carries the field's name, its error slot shows the API's message for it. */
export function field(label, input, hint) {
  const id = input.id || `f${++fieldIds}`;
  input.id = id;
  const error = h('p.field-error', { id: `${id}-error`, role: 'alert' });
  input.setAttribute('aria-describedby', `${id}-error`);
  return h('div.field', h('label', { htmlFor: id }, label), input, hint ? h('p.hint', hint) : null, error);
}

/** Shows an API error on `form`: each field error next to its input (by name), the rest at the form's top. */
export function showErrors(form, error) {
  for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  let top = form.querySelector('.form-error');
  if (!top) {
    top = h('p.form-error', { role: 'alert' });
    const heading = form.querySelector('h1, h2');
    if (heading) heading.after(top);
    else form.prepend(top);
  }
  top.textContent = '';
  if (!error) return;
  const errors = nearest(form, error.errors || []);
  const placed = [];
  for (const e of errors) {
    const input = form.querySelector(`[name="${CSS.escape(e.field)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      document.getElementById(`${input.id}-error`).textContent = e.message;
      placed.push(e.field);
    }
  }
  const rest = errors.filter((e) => !placed.includes(e.field)).map((e) => `${e.field}: ${e.message}`);
  if (errors.length > 0 && rest.length === 0) {
    top.textContent = errors.length === 1 ? 'Check the field marked below.' : 'Check the fields marked below.';
    form.querySelector('[aria-invalid="true"]').focus();
  } else {
    top.textContent = [error.detail || error.title || error.message, ...rest].filter(Boolean).join(' — ');
  }
}

/**
 * The API's field errors, each moved to the nearest control of `form` its path leads to, the rest of the path
 * prefixed ("actions[0].to[1]" with no control of its own lands on "actions[0].to" as "item 2: ..."); the errors on
 * one control joined. A path nothing in the form leads to stays as it is (shown at the form's top).
 */
function nearest(form, errors) {
  const merged = new Map();
  for (const e of errors) {
    let name = e.field;
    let rest = '';
    while (!form.querySelector(`[name="${CSS.escape(name)}"]`)) {
      const m = /^(.+?)(\[\d+\]|\.[^.[\]]+)$/.exec(name);
      if (!m) {
        [name, rest] = [e.field, ''];
        break;
      }
      [name, rest] = [m[1], m[2] + rest];
    }
    const where = /^\[(\d+)\]$/.exec(rest) ? `item ${Number(rest.slice(1, -1)) + 1}` : rest.replace(/^\./, '');
    const message = where ? `${where}: ${e.message}` : e.message;
    merged.set(name, merged.has(name) ? `${merged.get(name)}; ${message}` : message);
  }
  return [...merged].map(([field, message]) => ({ field, message }));
}
