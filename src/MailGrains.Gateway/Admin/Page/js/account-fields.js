import { h, replace } from './dom.js';
import { field, text, number, area, check, select } from './form.js';
import { SIGN_IN } from './oauth2.js';

const SECURITY = [['auto', 'Auto (TLS required; SSL on 993, 995, 465)'], ['ssl', 'SSL/TLS'], ['starttls', 'STARTTLS'], ['none', 'None (no TLS, if the operator allows it)']];

export function standardIncomingPort(protocol, security) {
  if (protocol === 'pop3') return security === 'ssl' ? 995 : 110;
  return security === 'ssl' ? 993 : 143;
}

export function standardOutgoingPort(security) {
  return security === 'ssl' ? 465 : security === 'none' ? 25 : 587;
}

// A password the API never returns: shows whether one is stored, and sends a new one only when typed.
function passwordField(label, name, hasPassword) {
  const input = h('input', { type: 'password', autocomplete: 'new-password', placeholder: hasPassword ? 'leave empty to keep the stored password' : '' });
  const clear = hasPassword ? check(false, { 'aria-label': `Remove the stored ${label.toLowerCase()}` }) : null;
  const wrapper = field(label, input, { name, hint: hasPassword ? 'A password is set. Type a new one to change it.' : 'No password is set.' });
  const control = h('div', { class: 'password' });
  wrapper.replaceChild(control, input);
  control.append(input, clear ? h('label', {}, clear, ' remove the stored password') : '');
  return { wrapper, read: () => (clear?.checked ? { value: null } : input.value ? { value: input.value } : null) };
}

export function buildFields(doc, users, isNew) {
  const userOptions = users.map((u) => [u.id, `${u.displayName || u.id} (${u.id})`]);
  const f = {};
  f.id = text(isNew ? '' : doc.id, { readonly: !isNew, required: true, autocomplete: 'off' });
  f.name = text(doc.general.name);
  f.email = h('input', { type: 'email', value: doc.general.email ?? '' });
  f.replyTo = h('input', { type: 'email', value: doc.general.replyTo ?? '' });
  f.note = area(doc.general.note);
  f.receiveEnabled = check(doc.general.receiveEnabled);

  f.owner = select([['', '— choose the owner —'], ...userOptions], doc.defaults.ownerUserId);
  f.activityType = text(doc.defaults.activityType);
  f.outgoingActivityType = text(doc.defaults.outgoingActivityType);
  f.tags = text((doc.defaults.tags ?? []).join(', '));
  f.permissions = h('div', { class: 'permissions' });
  const permissionRows = [];
  const addPermission = (p) => {
    const user = select(userOptions, p?.userId, { 'aria-label': 'User' });
    const access = select([['read', 'read'], ['write', 'read and edit']], p?.access ?? 'read', { 'aria-label': 'Access' });
    const row = h('div', { class: 'bar' }, user, access);
    const entry = { row, read: () => ({ userId: user.value, access: access.value }) };
    row.append(h('button', { type: 'button', onclick: () => { permissionRows.splice(permissionRows.indexOf(entry), 1); row.remove(); } }, 'Remove'));
    permissionRows.push(entry);
    f.permissions.insertBefore(row, f.permissions.lastChild);
  };
  f.permissions.append(h('button', { type: 'button', onclick: () => addPermission() }, 'Add permission'));
  for (const p of doc.defaults.permissions ?? []) addPermission(p);
  f.allowedSenders = h('div', { class: 'checks', role: 'group' },
    users.map((u) => h('label', {}, h('input', { type: 'checkbox', value: u.id, checked: (doc.defaults.allowedSenders ?? []).includes(u.id) }), ` ${u.displayName || u.id}`)));

  const inc = doc.server.incoming;
  const out = doc.server.outgoing;
  f.protocol = select([['imap', 'IMAP'], ['pop3', 'POP3']], inc.protocol);
  f.inHost = text(inc.host);
  f.inSecurity = select(SECURITY, inc.security);
  f.inUser = text(inc.userName, { autocomplete: 'off' });
  f.inSignIn = select(SIGN_IN, inc.signIn ?? 'password');
  f.inPassword = passwordField('Incoming password', 'server.incoming.password', inc.hasPassword);
  f.outHost = text(out.host);
  f.outSecurity = select(SECURITY, out.security);
  f.outUser = text(out.userName, { autocomplete: 'off' });
  f.outSignIn = select(SIGN_IN, out.signIn ?? 'password');
  f.outPassword = passwordField('Outgoing password', 'server.outgoing.password', out.hasPassword);
  f.deleteAfter = number(doc.server.deleteFromServerAfterDays, { min: 0 });
  f.importFrom = text(doc.imap.importFrom ?? 'all');
  f.push = select([['auto', 'auto: IDLE when the server offers it'], ['off', 'off: only poll']], doc.imap.push ?? 'auto');

  f.folders = h('div', { class: 'checks', role: 'group' });
  f.addFolder = text('', { 'aria-label': 'Folder name to add' });
  f.spamFolder = select([['', "— the server's Junk folder —"]], doc.imap.spamFolder ?? '');
  f.sentFolder = select([['', '— none —']], doc.imap.sentFolder ?? '');
  setFolders(f, [...new Set([...(doc.imap.folders ?? []), doc.imap.spamFolder, doc.imap.sentFolder].filter(Boolean))], doc.imap.folders ?? ['INBOX'], doc.imap);

  f.sigText = area(doc.signature.text);
  f.sigHtml = area(doc.signature.html);

  f.inPort = number(doc.advanced.incomingPort, { min: 0, max: 65535 });
  f.outPort = number(doc.advanced.outgoingPort, { min: 0, max: 65535 });
  f.poll = number(doc.advanced.pollIntervalSeconds, { min: 60, max: 86400 });
  f.lastUids = h('div');
  f.lastUidInputs = {};
  const uids = Object.entries(doc.advanced.lastUids ?? {});
  replace(f.lastUids, uids.length
    ? h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Folder'), h('th', { scope: 'col' }, 'Last UID'), h('th', {}))),
      h('tbody', {}, uids.map(([folder, uid]) => {
        const input = number(uid, { min: 0, 'aria-label': `Last UID of ${folder}` });
        f.lastUidInputs[folder] = { input, original: uid };
        return h('tr', {}, h('td', {}, folder), h('td', {}, input),
          h('td', {}, h('button', { type: 'button', onclick: () => { input.value = 0; } }, `Reset ${folder}`)));
      })))
    : h('p', { class: 'muted' }, 'No folder fetched yet.'));
  f.permissionRows = permissionRows;
  return f;
}

export function setFolders(f, names, checked, imap) {
  const current = new Set(checked);
  replace(f.folders, names.map((name) => h('label', {}, h('input', { type: 'checkbox', value: name, checked: current.has(name) }), ` ${name}`)));
  for (const [sel, keep] of [[f.spamFolder, imap.spamFolder], [f.sentFolder, imap.sentFolder]]) {
    const first = sel.options[0];
    replace(sel, first, names.map((n) => h('option', { value: n }, n)));
    sel.value = keep ?? '';
  }
}

export function checkedFolders(f) {
  return [...f.folders.querySelectorAll('input:checked')].map((c) => c.value);
}

const orNull = (v) => (v?.trim() ? v.trim() : null);

export function readDocument(f) {
  const incoming = { protocol: f.protocol.value, host: orNull(f.inHost.value), security: f.inSecurity.value, userName: orNull(f.inUser.value), signIn: f.inSignIn.value };
  const inPassword = f.inPassword.read();
  if (inPassword) incoming.password = inPassword.value;
  const outgoing = { host: orNull(f.outHost.value), security: f.outSecurity.value, userName: orNull(f.outUser.value), signIn: f.outSignIn.value };
  const outPassword = f.outPassword.read();
  if (outPassword) outgoing.password = outPassword.value;
  const lastUids = {};
  for (const [folder, { input, original }] of Object.entries(f.lastUidInputs)) {
    if (Number(input.value) !== original) lastUids[folder] = Number(input.value);
  }
  return {
    general: { name: orNull(f.name.value), email: f.email.value.trim(), replyTo: orNull(f.replyTo.value), note: f.note.value, receiveEnabled: f.receiveEnabled.checked },
    defaults: {
      ownerUserId: f.owner.value,
      activityType: f.activityType.value.trim(),
      outgoingActivityType: orNull(f.outgoingActivityType.value),
      tags: f.tags.value.split(/[,\s]+/).filter(Boolean),
      permissions: f.permissionRows.map((r) => r.read()),
      allowedSenders: [...f.allowedSenders.querySelectorAll('input:checked')].map((c) => c.value),
    },
    server: { incoming, outgoing, deleteFromServerAfterDays: Number(f.deleteAfter.value) },
    imap: { folders: checkedFolders(f), spamFolder: orNull(f.spamFolder.value), sentFolder: orNull(f.sentFolder.value), importFrom: orNull(f.importFrom.value), push: f.push.value },
    signature: { text: orNull(f.sigText.value), html: orNull(f.sigHtml.value) },
    advanced: { incomingPort: Number(f.inPort.value), outgoingPort: Number(f.outPort.value), pollIntervalSeconds: Number(f.poll.value), lastUids },
  };
}

export function emptyDocument() {
  return {
    id: '',
    general: { name: null, email: '', replyTo: null, note: '', receiveEnabled: false },
    defaults: { ownerUserId: '', activityType: 'E', outgoingActivityType: null, tags: [], permissions: [], allowedSenders: [] },
    server: { incoming: { protocol: 'imap', host: '', security: 'auto', userName: '', hasPassword: false, signIn: 'password' }, outgoing: { host: '', security: 'auto', userName: null, hasPassword: false, signIn: 'password' }, deleteFromServerAfterDays: 0, oauth2: null },
    imap: { folders: ['INBOX'], spamFolder: null, sentFolder: null, importFrom: 'all', push: 'auto' },
    signature: { text: null, html: null },
    advanced: { incomingPort: 0, outgoingPort: 0, pollIntervalSeconds: 300, lastUids: {} },
  };
}
