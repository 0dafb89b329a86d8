import { h, replace, toast } from './dom.js';
import { api, get, enc, ApiError } from './api.js';
import { field, text, check, area, showErrors, clearErrors } from './form.js';

export async function showUsers(main) {
  replace(main, h('h1', {}, 'Users'), h('p', { class: 'muted' }, 'Loading…'));
  const users = await get('/v1/users');
  const editor = h('section', { 'aria-label': 'User editor' });
  const slot = h('div');
  const rows = users.map((u) => h('tr', {},
    h('td', {}, u.id), h('td', {}, u.displayName), h('td', {}, u.email), h('td', {}, u.tag ?? ''), h('td', {}, u.isAdmin ? 'yes' : 'no'),
    h('td', {}, h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => editUser(editor, u, () => showUsers(main)) }, 'Edit'),
      h('a', { class: 'button', href: `#/inbox/${enc(u.id)}` }, 'Inbox'),
      h('button', { type: 'button', class: 'danger', onclick: () => deleteUser(u, slot, () => showUsers(main)) }, 'Delete')))));
  replace(main,
    h('h1', {}, 'Users'),
    h('div', { class: 'bar' }, h('button', { type: 'button', class: 'primary', onclick: () => editUser(editor, null, () => showUsers(main)) }, 'New user')),
    slot,
    h('table', {}, h('thead', {}, h('tr', {}, ['Id', 'Name', 'E-mail', 'Tag', 'Admin', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No users yet.')))),
    editor);
}

async function deleteUser(user, slot, done) {
  if (!confirm(`Delete user ${user.id}?`)) return;
  try {
    await api('DELETE', `/v1/users/${enc(user.id)}`);
    toast(`User ${user.id} deleted.`);
    done();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    replace(slot, h('div', { class: 'problem', role: 'alert' }, h('strong', {}, err.problem.title ?? 'Not deleted'), h('div', {}, err.problem.detail ?? '')));
  }
}

function editUser(editor, user, done) {
  const isNew = !user;
  const f = {
    id: text(user?.id, { required: true, readonly: !isNew, autocomplete: 'off' }),
    displayName: text(user?.displayName),
    email: h('input', { type: 'email', value: user?.email ?? '' }),
    tag: text(user?.tag),
    isAdmin: check(user?.isAdmin),
    sigText: area(user?.signature?.text),
    sigHtml: area(user?.signature?.html),
  };
  const result = h('div');
  const form = h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      displayName: f.displayName.value, email: f.email.value, tag: f.tag.value || null, isAdmin: f.isAdmin.checked,
      signature: { text: f.sigText.value || null, html: f.sigHtml.value || null },
    };
    try {
      await api('PUT', `/v1/users/${enc(f.id.value.trim())}`, body);
      toast(`User ${f.id.value} saved.`);
      done();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      replace(result, showErrors(form, err.problem).box);
    }
  } },
    h('h2', {}, isNew ? 'New user' : `Edit user ${user.id}`),
    field('User id', f.id, { name: 'userId', hint: 'Letters, digits, - and _. Cannot be changed later.' }),
    field('Display name', f.displayName, { name: 'displayName' }),
    field('E-mail', f.email, { name: 'email' }),
    field('Tag', f.tag, { name: 'tag', hint: 'Short code that links activities to this user (e.g. AA).' }),
    field('Administrator', f.isAdmin, { name: 'isAdmin' }),
    field('Signature (text)', f.sigText, { name: 'signature.text' }),
    field('Signature (HTML)', f.sigHtml, { name: 'signature.html' }),
    result,
    h('div', { class: 'bar' }, h('button', { type: 'submit', class: 'primary' }, 'Save user'), h('button', { type: 'button', onclick: () => replace(editor) }, 'Cancel')));
  replace(editor, form);
  (isNew ? f.id : f.displayName).focus();
}
