import { h, uid, replace, problemBox } from './dom.js';

// A labelled form field with a hint and a slot for its error; `name` is the API's field path (e.g. general.email),
// so a problem+json error for that path is shown right here.
export function field(label, control, { hint, name } = {}) {
  const id = control.id || uid('f');
  control.id = id;
  const hintEl = hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const error = h('div', { class: 'error', id: `${id}-error`, role: 'alert' });
  control.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
  const labelEl = control.matches('input[type=checkbox]') || !control.matches('input, select, textarea')
    ? h('span', { class: 'label', id: `${id}-label` }, label)
    : h('label', { for: id }, label);
  if (!control.matches('input, select, textarea')) control.setAttribute('aria-labelledby', `${id}-label`);
  if (control.matches('input[type=checkbox]')) control.setAttribute('aria-labelledby', `${id}-label`);
  return h('div', { class: 'field', dataset: name ? { field: name } : undefined }, labelEl, control, hintEl, error);
}

export const text = (value, attrs = {}) => h('input', { type: 'text', value: value ?? '', ...attrs });
export const number = (value, attrs = {}) => h('input', { type: 'number', value: value ?? 0, ...attrs });
export const area = (value, attrs = {}) => { const t = h('textarea', attrs); t.value = value ?? ''; return t; };
export const check = (checked, attrs = {}) => h('input', { type: 'checkbox', checked: !!checked, ...attrs });

export function select(options, value, attrs = {}) {
  const s = h('select', attrs, options.map(([v, label]) => h('option', { value: v }, label)));
  s.value = value ?? options[0]?.[0] ?? '';
  return s;
}

export function clearErrors(root) {
  for (const f of root.querySelectorAll('.field.invalid')) f.classList.remove('invalid');
  for (const e of root.querySelectorAll('.field .error')) e.textContent = '';
  for (const c of root.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

// Puts each error of a problem+json answer next to its field (an error for "defaults.permissions[1].userId"
// goes to the field "defaults.permissions"); returns the box for what has no field, and the fields shown.
export function showErrors(root, problem) {
  clearErrors(root);
  const shown = new Set();
  const fields = [...root.querySelectorAll('[data-field]')];
  for (const [path, messages] of Object.entries(problem.errors ?? {})) {
    const target = fields.find((f) => f.dataset.field === path)
      ?? fields.find((f) => path.startsWith(`${f.dataset.field}[`) || path.startsWith(`${f.dataset.field}.`));
    if (!target) continue;
    shown.add(path);
    target.classList.add('invalid');
    const error = target.querySelector('.error');
    error.textContent = [error.textContent, ...messages].filter(Boolean).join(' ');
    target.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
  }
  return { box: problemBox(problem, shown), shown };
}

export function status(slot, node) { replace(slot, node); }
