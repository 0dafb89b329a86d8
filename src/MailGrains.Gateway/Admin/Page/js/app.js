import { h, replace } from './dom.js';
import { session, whenUnauthorized, api, ApiError } from './api.js';
import { showUsers } from './users.js';
import { showAccounts } from './accounts.js';
import { showAccountEditor } from './account-editor.js';
import { showInbox } from './inbox.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out');

const routes = [
  [/^#\/users$/, () => showUsers(main)],
  [/^#\/accounts$/, () => showAccounts(main)],
  [/^#\/accounts\/new$/, () => showAccountEditor(main, null)],
  [/^#\/accounts\/([^/]+)$/, (id) => showAccountEditor(main, decodeURIComponent(id))],
  [/^#\/inbox$/, () => showInbox(main, null)],
  [/^#\/inbox\/([^/]+)$/, (user) => showInbox(main, decodeURIComponent(user))],
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
      location.hash = location.hash && location.hash !== '#/' ? location.hash : '#/accounts';
      route();
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
      show(...match.slice(1));
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
