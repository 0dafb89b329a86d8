import { h, replace } from './dom.js';
import { session, whenUnauthorized, api, ApiError } from './api.js';
import { showUsers } from './users.js';
import { showAccounts } from './accounts.js';
import { showAccountEditor } from './account-editor.js';
import { showInbox } from './inbox.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out');

// Each view renders into its own container: a slow view that finishes after the admin moved on writes into a
// container that is no longer on the page.
const routes = [
  [/^#\/users$/, (view) => showUsers(view)],
  [/^#\/accounts$/, (view) => showAccounts(view)],
  [/^#\/accounts\/new$/, (view) => showAccountEditor(view, null)],
  [/^#\/accounts\/([^/]+)$/, (view, id) => showAccountEditor(view, decodeURIComponent(id))],
  [/^#\/inbox$/, (view) => showInbox(view, null)],
  [/^#\/inbox\/([^/]+)$/, (view, user) => showInbox(view, decodeURIComponent(user))],
];

function showSignIn(message) {
  nav.hidden = true;
  signOut.hidden = true;
  document.getElementById('tenant').textContent = '';
  const key = h('input', { id: 'admin-key', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'key-hint' });
  const error = h('div', { role: 'alert' });
  const form = h('form', { class: 'card signin', onsubmit: async (e) => {
    e.preventDefault();
    session.key = key.value.trim();
    try {
      await api('GET', '/v1/users');
      const target = location.hash && location.hash !== '#/' ? location.hash : '#/accounts';
      if (location.hash === target) route(); else location.hash = target;
    } catch (err) {
      session.key = null;
      replace(error, h('div', { class: 'problem' }, err instanceof ApiError && err.status === 403
        ? 'That is not a tenant admin key (the operator key manages tenants through the API, not here).'
        : err.message));
    }
  } },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted', id: 'key-hint' }, 'Your tenant admin key (mgk_…). It is kept for this browser tab only and forgotten when you sign out.'),
    h('label', { for: 'admin-key' }, 'Admin key'), key,
    error,
    h('div', { class: 'bar' }, h('button', { class: 'primary', type: 'submit' }, 'Sign in')),
    message ? h('p', { class: 'problem' }, message) : null);
  replace(main, form);
  key.focus();
}

function route() {
  if (!session.key) return showSignIn();
  nav.hidden = false;
  signOut.hidden = false;
  document.getElementById('tenant').textContent = `Tenant ${session.tenant ?? ''}`;
  const hash = location.hash || '#/accounts';
  for (const link of nav.querySelectorAll('a')) {
    link.toggleAttribute('aria-current', hash.startsWith(link.getAttribute('href')));
    if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'page');
  }
  for (const [pattern, show] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      const view = h('div');
      replace(main, view);
      show(view, ...match.slice(1)).catch((err) => replace(view, h('div', { class: 'problem', role: 'alert' }, err instanceof ApiError ? err.message : `Something went wrong: ${err}`)));
      return;
    }
  }
  location.hash = '#/accounts';
}

signOut.addEventListener('click', () => {
  session.key = null;
  location.hash = '';
  showSignIn();
});
whenUnauthorized(() => { session.key = null; showSignIn('Your key was not accepted any more; sign in again.'); });
window.addEventListener('hashchange', route);
route();
