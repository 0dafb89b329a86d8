import { h, replace, toast } from './dom.js';
import { api, enc, ApiError } from './api.js';

export const SIGN_IN = [['password', 'Password'], ['oauth2', 'OAuth2']];

// The marker the gateway's OAuth2 callback puts in the page's address after connecting an account; read once, then
// dropped from the address so a reload does not say it again.
export function takeConnectedMarker() {
  const params = new URLSearchParams(location.search);
  if (params.get('oauth2') !== 'connected') return false;
  history.replaceState(null, '', location.pathname + location.hash);
  return true;
}

// The Server tab's OAuth2 section: "Connect with …" per provider, or the connected address with Reconnect (and the
// problem sentence when consent is needed again) and Disconnect. Connecting sends the browser to the provider.
export function oauth2Section(doc, providers, isNew, onChanged) {
  const connection = doc.server.oauth2;
  const slot = h('div', { 'aria-live': 'polite' });
  const nameOf = (provider) => providers.find((p) => p.name === provider)?.displayName ?? provider;
  const connect = async (provider, button) => {
    button.disabled = true;
    try {
      const { url } = await api('POST', `/v1/accounts/${enc(doc.id)}/oauth2/authorize`, { provider });
      location.assign(url);
    } catch (err) {
      button.disabled = false;
      if (!(err instanceof ApiError)) throw err;
      replace(slot, h('div', { class: 'problem', role: 'alert' }, err.message));
    }
  };
  const button = (label, provider) => {
    const b = h('button', { type: 'button', disabled: isNew, onclick: () => connect(provider, b) }, label);
    return b;
  };
  let body;
  if (isNew) {
    body = h('p', { class: 'muted' }, 'Save the account first, then connect it.');
  } else if (connection) {
    body = [
      h('p', { id: 'oauth2-connection' }, `Connected as ${connection.address ?? '(no address named)'} with ${nameOf(connection.provider)}.`),
      connection.needsReconnect ? h('div', { class: 'problem', role: 'alert' }, h('strong', {}, 'Consent is needed again. '), connection.problem ?? '') : null,
      h('div', { class: 'bar' },
        button(connection.needsReconnect ? 'Reconnect' : `Reconnect with ${nameOf(connection.provider)}`, connection.provider),
        h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!confirm(`Disconnect ${connection.address ?? 'the account'} from ${nameOf(connection.provider)}? Sign-in with OAuth2 stops until it is connected again.`)) return;
          try { await api('DELETE', `/v1/accounts/${enc(doc.id)}/oauth2`); toast('OAuth2 connection removed.'); await onChanged(); }
          catch (err) { if (!(err instanceof ApiError)) throw err; replace(slot, h('div', { class: 'problem', role: 'alert' }, err.message)); }
        } }, 'Disconnect')),
    ];
  } else if (!providers.length) {
    body = h('p', { class: 'muted' }, 'The operator has configured no OAuth2 provider.');
  } else {
    body = [
      h('p', { class: 'muted' }, 'Not connected. Connecting opens the provider, where the mailbox owner signs in and consents.'),
      h('div', { class: 'bar' }, providers.map((p) => button(`Connect with ${p.displayName}`, p.name))),
    ];
  }
  return h('section', { id: 'oauth2', 'aria-labelledby': 'oauth2-heading' }, h('h2', { id: 'oauth2-heading' }, 'OAuth2 connection'), body, slot);
}
