import { h, replace, toast, when } from './dom.js';
import { api, get, enc, ApiError } from './api.js';

export async function showAccounts(main) {
  replace(main, h('h1', {}, 'Mail accounts'), h('p', { class: 'muted' }, 'Loading…'));
  const accounts = await get('/v1/accounts');
  const statuses = await Promise.all(accounts.map((a) => get(`/v1/accounts/${enc(a.id)}/status`).catch(() => null)));
  const slot = h('div');
  const rows = accounts.map((a, i) => {
    const s = statuses[i];
    return h('tr', { dataset: { account: a.id } },
      h('td', {}, h('a', { href: `#/accounts/${enc(a.id)}` }, a.id)),
      h('td', {}, a.general.email), h('td', {}, a.defaults.ownerUserId), h('td', {}, a.server.incoming.protocol.toUpperCase()),
      h('td', {}, s ? h('span', { class: `state state-${s.state}` }, s.state) : '—'),
      h('td', {}, when(s?.lastFetchAt)), h('td', {}, s?.fetched ?? 0),
      h('td', { class: 'last-error' }, s?.lastError ?? ''),
      h('td', {}, h('div', { class: 'actions' },
        h('a', { class: 'button', href: `#/accounts/${enc(a.id)}` }, 'Edit'),
        h('button', { type: 'button', disabled: !a.general.receiveEnabled, onclick: async () => {
          await api('POST', `/v1/accounts/${enc(a.id)}/fetch`);
          toast(`Fetching ${a.id}…`);
          setTimeout(() => showAccounts(main), 1500);
        } }, 'Fetch now'),
        h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm(`Delete account ${a.id}? Its activities stay.`)) return;
          try { await api('DELETE', `/v1/accounts/${enc(a.id)}`); toast(`Account ${a.id} deleted.`); showAccounts(main); }
          catch (err) { if (err instanceof ApiError) replace(slot, h('div', { class: 'problem' }, err.message)); else throw err; }
        } }, 'Delete'))));
  });
  replace(main,
    h('h1', {}, 'Mail accounts'),
    h('div', { class: 'bar' }, h('a', { class: 'button primary', href: '#/accounts/new' }, 'New account'), h('button', { type: 'button', onclick: () => showAccounts(main) }, 'Refresh')),
    slot,
    h('table', {}, h('thead', {}, h('tr', {}, ['Account', 'E-mail', 'Owner', 'Protocol', 'State', 'Last fetch', 'Fetched', 'Last error', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No accounts yet.')))));
}
