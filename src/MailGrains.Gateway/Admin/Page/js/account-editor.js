import { h, replace, toast } from './dom.js';
import { api, get, enc, ApiError } from './api.js';
import { field, showErrors, clearErrors } from './form.js';
import { tabs } from './tabs.js';
import { oauth2Section, takeConnectedMarker } from './oauth2.js';
import { buildFields, readDocument, emptyDocument, setFolders, checkedFolders, standardIncomingPort, standardOutgoingPort } from './account-fields.js';

export async function showAccountEditor(main, accountId, keepTab = 0) {
  replace(main, h('h1', {}, accountId ? `Account ${accountId}` : 'New account'), h('p', { class: 'muted' }, 'Loading…'));
  const [users, doc, providers] = await Promise.all([get('/v1/users'), accountId ? get(`/v1/accounts/${enc(accountId)}`) : emptyDocument(), get('/v1/oauth2/providers')]);
  const isNew = !accountId;
  const justConnected = takeConnectedMarker();
  const f = buildFields(doc, users, isNew);
  const result = h('div', { id: 'save-result' });
  const serverResult = h('div', { 'aria-live': 'polite' });
  const folderResult = h('div', { 'aria-live': 'polite' });
  const inPortHint = h('span');
  const outPortHint = h('span');

  const general = [
    field('Account id', f.id, { name: 'accountId', hint: isNew ? 'Letters, digits, - and _. Cannot be changed later.' : undefined }),
    field('Display name', f.name, { name: 'general.name', hint: "Shown to recipients; empty = the owner's name." }),
    field('E-mail address', f.email, { name: 'general.email' }),
    field('Reply-to address', f.replyTo, { name: 'general.replyTo', hint: 'Answers go there.' }),
    field('Note', f.note, { name: 'general.note', hint: 'For admins only; never used for mail.' }),
    field('Receive enabled', f.receiveEnabled, { name: 'general.receiveEnabled', hint: 'Fetch mail from the incoming server. Needs host, user name and password.' }),
  ];
  const defaults = [
    field('Owner', f.owner, { name: 'defaults.ownerUserId', hint: "Incoming mail becomes activities in this user's inbox." }),
    field('Activity type', f.activityType, { name: 'defaults.activityType', hint: 'Stamped on every incoming activity, e.g. E (E-Mail).' }),
    field('Outgoing activity type', f.outgoingActivityType, { name: 'defaults.outgoingActivityType', hint: 'Empty = the same as incoming.' }),
    field('Tags', f.tags, { name: 'defaults.tags', hint: "Separated by commas; the owner's tag is always added." }),
    field('Permissions', f.permissions, { name: 'defaults.permissions', hint: 'Who may read or edit incoming activities.' }),
    field('Allowed senders', f.allowedSenders, { name: 'defaults.allowedSenders', hint: 'Users who may send through this account (the owner always may).' }),
  ];
  const testButton = h('button', { type: 'button', disabled: isNew, onclick: () => testConnection(doc.id, serverResult) }, 'Test connection');
  const retentionField = field('Delete from server after (days)', f.deleteAfter, { name: 'server.deleteFromServerAfterDays', hint: 'Inbox, spam and sent folder; only mail already stored; 0 = never.' });
  const oauth2 = oauth2Section(doc, providers, isNew, () => showAccountEditor(main, doc.id, 2));
  const server = [
    h('h2', {}, 'Incoming'),
    field('Protocol', f.protocol, { name: 'server.incoming.protocol' }),
    field('Host', f.inHost, { name: 'server.incoming.host' }),
    field('Encryption', f.inSecurity, { name: 'server.incoming.security' }),
    field('User name', f.inUser, { name: 'server.incoming.userName' }),
    field('Sign-in', f.inSignIn, { name: 'server.incoming.signIn', hint: 'OAuth2 signs in with the connection below, as the user name or, when it is empty, the connected address.' }),
    f.inPassword.wrapper,
    h('h2', {}, 'Outgoing (SMTP)'),
    field('Host', f.outHost, { name: 'server.outgoing.host' }),
    field('Encryption', f.outSecurity, { name: 'server.outgoing.security' }),
    field('User name', f.outUser, { name: 'server.outgoing.userName', hint: 'Empty = send without logging in; with OAuth2 sign-in, the connected address.' }),
    field('Sign-in', f.outSignIn, { name: 'server.outgoing.signIn', hint: 'OAuth2 signs in with the connection below.' }),
    f.outPassword.wrapper,
    oauth2,
    h('h2', {}, 'Mailbox'),
    field('Import from', f.importFrom, { name: 'imap.importFrom', hint: 'Of the mail already there when a folder is first read: all, now (none), or a day YYYY-MM-DD (IMAP only). Later changes only affect folders not read yet.' }),
    retentionField,
    h('div', { class: 'bar' }, testButton, h('span', { class: 'muted' }, isNew ? 'Save the account first; the test uses the saved settings.' : 'Uses the saved settings.')),
    serverResult,
  ];
  const imap = [
    field('Folders to sync', f.folders, { name: 'imap.folders', hint: 'Adding the Sent folder brings mail sent from phones in as outgoing activities.' }),
    h('div', { class: 'bar' },
      h('label', { for: f.addFolder.id || (f.addFolder.id = 'add-folder') }, 'Add a folder by name'), f.addFolder,
      h('button', { type: 'button', onclick: () => {
        const name = f.addFolder.value.trim();
        if (!name) return;
        const names = [...f.folders.querySelectorAll('input')].map((c) => c.value);
        setFolders(f, [...new Set([...names, name])], [...checkedFolders(f), name], { spamFolder: f.spamFolder.value, sentFolder: f.sentFolder.value });
        f.addFolder.value = '';
      } }, 'Add')),
    h('div', { class: 'bar' }, h('button', { type: 'button', disabled: isNew, onclick: () => fetchFolders(doc.id, f, folderResult) }, 'Fetch IMAP folders'),
      h('span', { class: 'muted' }, isNew ? 'Save the account first.' : "Lists the server's folders with the saved settings.")),
    folderResult,
    field('Spam folder', f.spamFolder, { name: 'imap.spamFolder', hint: 'Where "mark as spam" moves a message.' }),
    field('Sent folder', f.sentFolder, { name: 'imap.sentFolder', hint: 'Mail sent through this account is copied there.' }),
    field('Push', f.push, { name: 'imap.push', hint: 'New mail in the first synced folder is fetched as it arrives; the account still polls at its interval.' }),
  ];
  const signature = [
    h('p', { class: 'muted' }, "When set, these replace the sending user's own signature."),
    field('Signature (text)', f.sigText, { name: 'signature.text' }),
    field('Signature (HTML)', f.sigHtml, { name: 'signature.html' }),
  ];
  const lastUidsField = field('Last UID per folder', f.lastUids, { name: 'advanced.lastUids', hint: 'Advanced on every fetch. Set lower (0 = from the start) to fetch again; nothing is stored twice.' });
  const advanced = [
    field('Incoming port', f.inPort, { name: 'advanced.incomingPort', hint: inPortHint }),
    field('Outgoing port', f.outPort, { name: 'advanced.outgoingPort', hint: outPortHint }),
    field('Poll interval (seconds)', f.poll, { name: 'advanced.pollIntervalSeconds', hint: '60 to 86400.' }),
    lastUidsField,
  ];
  const t = tabs('Account settings', [['General', general], ['Defaults', defaults], ['Server', server], ['IMAP', imap], ['Signature', signature], ['Advanced', advanced]]);

  const protocolChanged = () => {
    const pop3 = f.protocol.value === 'pop3';
    t.buttons[3].hidden = pop3;
    if (pop3 && !t.panels[3].hidden) t.select(2);
    lastUidsField.hidden = pop3;
    retentionField.hidden = pop3;
    inPortHint.textContent = `0 = standard (${standardIncomingPort(f.protocol.value, f.inSecurity.value)})`;
    outPortHint.textContent = `0 = standard (${standardOutgoingPort(f.outSecurity.value)})`;
  };
  for (const control of [f.protocol, f.inSecurity, f.outSecurity]) control.addEventListener('change', protocolChanged);
  protocolChanged();
  // A server that signs in with OAuth2 needs no password; the connection is shown while either one uses it (or it exists).
  const signInChanged = () => {
    f.inPassword.wrapper.hidden = f.inSignIn.value === 'oauth2';
    f.outPassword.wrapper.hidden = f.outSignIn.value === 'oauth2';
    oauth2.hidden = f.inSignIn.value !== 'oauth2' && f.outSignIn.value !== 'oauth2' && !doc.server.oauth2;
  };
  for (const control of [f.inSignIn, f.outSignIn]) control.addEventListener('change', signInChanged);
  signInChanged();

  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    for (const b of t.buttons) b.classList.remove('has-error');
    const id = f.id.value.trim();
    const body = readDocument(f);
    try {
      const saved = await api('PUT', `/v1/accounts/${enc(id || '-')}`, body);
      toast(`Account ${saved.id} saved.`);
      const selected = t.buttons.findIndex((b) => b.getAttribute('aria-selected') === 'true');
      if (isNew) history.replaceState(null, '', `#/accounts/${enc(saved.id)}`);
      await showAccountEditor(main, saved.id, selected);
      document.getElementById('save-result')?.replaceChildren(h('div', { class: 'notice' }, `Saved (version ${saved.version}).`));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const { box } = showErrors(form, err.problem);
      replace(result, box);
      const withErrors = t.panels.map((p, i) => (p.querySelector('.field.invalid') ? i : -1)).filter((i) => i >= 0);
      for (const i of withErrors) t.buttons[i].classList.add('has-error');
      if (withErrors.length) t.select(withErrors[0]);
      result.scrollIntoView({ block: 'nearest' });
    }
  } },
    h('div', { class: 'bar' },
      h('button', { type: 'submit', class: 'primary' }, 'Save account'),
      h('a', { class: 'button', href: '#/accounts' }, 'Back to accounts'),
      isNew ? null : h('button', { type: 'button', disabled: !doc.general.receiveEnabled, onclick: async () => { await api('POST', `/v1/accounts/${enc(doc.id)}/fetch`); toast('Fetching now.'); } }, 'Fetch now')),
    result, t.list, t.panels);
  replace(main, h('h1', {}, isNew ? 'New account' : `Account ${doc.id}`), form);
  t.select(Math.min(justConnected ? 2 : keepTab, 5));
  if (justConnected && doc.server.oauth2) replace(result, h('div', { class: 'notice', role: 'status' }, `Connected as ${doc.server.oauth2.address ?? 'the mailbox'} with OAuth2.`));
}

async function testConnection(accountId, slot) {
  replace(slot, h('p', { class: 'muted' }, 'Testing…'));
  try {
    const r = await api('POST', `/v1/accounts/${enc(accountId)}/test`);
    const line = (name, c) => h('li', { class: c.ok ? 'ok' : 'failed' }, `${name}: `, h('strong', {}, c.ok ? 'OK' : 'failed'), c.error ? ` — ${c.error}` : '');
    replace(slot, h('div', { class: r.incoming.ok && r.outgoing.ok ? 'notice' : 'problem', id: 'connection-test' }, h('ul', {}, line('Incoming', r.incoming), line('Outgoing', r.outgoing))));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    replace(slot, h('div', { class: 'problem' }, err.message));
  }
}

async function fetchFolders(accountId, f, slot) {
  replace(slot, h('p', { class: 'muted' }, 'Asking the server…'));
  try {
    const folders = await api('GET', `/v1/accounts/${enc(accountId)}/server-folders`);
    const known = [...f.folders.querySelectorAll('input')].map((c) => c.value);
    setFolders(f, [...new Set([...folders.map((x) => x.name), ...known])], checkedFolders(f), { spamFolder: f.spamFolder.value, sentFolder: f.sentFolder.value });
    replace(slot, h('div', { class: 'notice' }, `${folders.length} folders on the server: ${folders.map((x) => (x.specialUse ? `${x.name} (${x.specialUse})` : x.name)).join(', ')}.`));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    replace(slot, h('div', { class: 'problem' }, err.message));
  }
}
