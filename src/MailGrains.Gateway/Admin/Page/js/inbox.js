import { h, replace, toast, when, bytes } from './dom.js';
import { api, get, enc, ApiError } from './api.js';
import { composeForm } from './compose.js';
import { startPolling } from './inbox-poll.js';

const FOLDERS = [['inbox', 'Inbox'], ['sent', 'Sent'], ['spam', 'Spam']];
const PAGE = 25;

// What a row shows that can change after it is stored: a row is rebuilt only when this differs.
const version = (a) => `${a.status ?? ''}|${a.flags.join(',')}|${a.subject ?? ''}`;
const versions = (items) => items.map((a) => `${a.id} ${version(a)}`).join('\n');

export async function showInbox(main, userId) {
  const users = await get('/v1/users');
  const picker = h('select', { id: 'inbox-user', onchange: () => { location.hash = `#/inbox/${enc(picker.value)}`; } },
    h('option', { value: '' }, '— choose a user —'), users.map((u) => h('option', { value: u.id }, `${u.displayName || u.id} (${u.id})`)));
  picker.value = userId ?? '';
  const view = h('div');
  replace(main, h('h1', {}, 'Inboxes'), h('div', { class: 'bar' }, h('label', { for: 'inbox-user' }, 'User'), picker), view);
  if (userId) await showFolder(view, userId, users, 'inbox');
}

async function showFolder(view, userId, users, folder) {
  // selected: the activity whose detail is open; shown: the ids and versions in the list, to see what a re-read changed.
  const state = { cursors: [null], page: 0, selected: null, shown: '', generation: 0, older: null };
  const list = h('ul', { class: 'list', 'aria-label': 'Activities' });
  const empty = h('li', { class: 'muted' }, 'Nothing here.');
  const detail = h('section', { class: 'detail', 'aria-label': 'Activity', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Choose an activity.'));
  const pager = h('div', { class: 'bar' });
  // Says how many mails a re-read brought; it is always in the bar, so its text never moves the page.
  const arrivals = h('span', { class: 'muted arrivals', role: 'status', 'aria-live': 'polite' });
  const folderTabs = h('div', { class: 'bar', role: 'group', 'aria-label': 'Folder' },
    FOLDERS.map(([name, label]) => h('button', { type: 'button', 'aria-pressed': String(name === folder), onclick: () => showFolder(view, userId, users, name) }, label)),
    h('button', { type: 'button', onclick: () => compose(detail, userId, null) }, 'New mail'),
    h('button', { type: 'button', onclick: () => load() }, 'Refresh'),
    arrivals);
  replace(view, folderTabs, h('div', { class: 'inbox' }, h('div', {}, list, pager), detail));
  const pageUrl = (cursor) => `/v1/users/${enc(userId)}/activities?folder=${folder}&limit=${PAGE}${cursor ? `&cursor=${enc(cursor)}` : ''}`;
  const poller = startPolling(list, { shouldPoll: () => state.page === 0, poll: checkForNew });

  async function load() {
    const generation = ++state.generation;
    const page = await get(pageUrl(state.cursors[state.page]));
    if (generation !== state.generation) return;
    state.cursors[state.page + 1] = page.nextCursor;
    arrivals.textContent = '';
    show(page.items);
    state.older = h('button', { type: 'button', disabled: !page.nextCursor, onclick: () => { state.page++; load(); } }, 'Older');
    replace(pager,
      h('button', { type: 'button', disabled: state.page === 0, onclick: () => { state.page--; load(); } }, 'Newer'),
      h('span', { class: 'muted' }, `Page ${state.page + 1}`),
      state.older);
    poller.rearm();
  }

  // The first page again, while it is shown: when nothing changed nothing is touched, else new mail comes in at the top.
  async function checkForNew() {
    const generation = state.generation;
    const page = await get(pageUrl(null));
    if (generation !== state.generation || state.page !== 0 || !list.isConnected || versions(page.items) === state.shown) return;
    const known = new Set([...list.children].map((li) => li.dataset.id).filter(Boolean));
    const firstKnown = page.items.findIndex((a) => known.has(a.id));
    const added = firstKnown < 0 ? page.items.length : firstKnown;
    state.cursors[1] = page.nextCursor;
    if (state.older) state.older.disabled = !page.nextCursor;
    show(page.items);
    if (added) arrivals.textContent = `${added} new`;
  }

  // Puts items into the list in place: a row whose activity did not change stays the same element (with its focus and
  // aria-current), new rows are inserted, changed ones rebuilt, gone ones removed.
  function show(items) {
    const rows = new Map([...list.children].filter((li) => li.dataset.id).map((li) => [li.dataset.id, li]));
    const focused = list.contains(document.activeElement) ? document.activeElement.closest('li')?.dataset.id : null;
    const wanted = items.length ? items.map((a) => (rows.get(a.id)?.dataset.version === version(a) ? rows.get(a.id) : row(a))) : [empty];
    let next = list.firstChild;
    for (const li of wanted) {
      if (li === next) next = next.nextSibling;
      else list.insertBefore(li, next);
    }
    while (next) {
      const gone = next;
      next = next.nextSibling;
      gone.remove();
    }
    if (focused && !list.contains(document.activeElement)) {
      [...list.children].find((li) => li.dataset.id === focused)?.querySelector('button')?.focus({ preventScroll: true });
    }
    state.shown = versions(items);
  }

  function row(a) {
    return h('li', { dataset: { id: a.id, version: version(a) } }, h('button', { type: 'button', dataset: { activity: a.id }, 'aria-current': a.id === state.selected ? 'true' : null, onclick: (e) => {
      for (const b of list.querySelectorAll('button')) b.removeAttribute('aria-current');
      e.currentTarget.setAttribute('aria-current', 'true');
      state.selected = a.id;
      showActivity(detail, userId, a.id, () => load());
    } },
      h('span', { class: 'subject' }, a.subject || '(no subject)', a.flags.map((fl) => h('span', { class: 'flag' }, fl)), a.status ? h('span', { class: 'flag' }, a.status) : null),
      h('span', {}, `${a.direction === 'outgoing' ? 'To ' + (a.to[0]?.address ?? '') : a.from?.name || a.from?.address || ''} · ${when(a.date)}`),
      h('span', { class: 'snippet' }, a.snippet)));
  }

  async function compose(slot, sender, replyTo) {
    const accounts = await get('/v1/accounts');
    const usable = accounts.filter((a) => a.defaults.ownerUserId === sender || a.defaults.allowedSenders.includes(sender));
    replace(slot, composeForm(sender, usable, replyTo, () => { folder = 'sent'; showFolder(view, userId, users, 'sent'); }));
  }

  async function showActivity(slot, user, id, reload) {
    replace(slot, h('p', { class: 'muted' }, 'Loading…'));
    const a = await get(`/v1/users/${enc(user)}/activities/${enc(id)}`);
    const s = a.summary;
    const addresses = (list) => list.map((x) => (x.name ? `${x.name} <${x.address}>` : x.address)).join(', ');
    const status = h('div', { 'aria-live': 'polite' });
    const body = a.safeHtml
      ? h('iframe', { class: 'body-frame', title: 'Message body', sandbox: '', referrerpolicy: 'no-referrer', srcdoc: a.safeHtml })
      : h('pre', { class: 'body-text' }, a.text ?? '(no text)');
    replace(slot,
      h('h2', {}, s.subject || '(no subject)'),
      h('dl', { class: 'headers' },
        h('dt', {}, 'From'), h('dd', {}, s.from ? addresses([s.from]) : '—'),
        h('dt', {}, 'To'), h('dd', {}, addresses(s.to) || '—'),
        s.cc.length ? [h('dt', {}, 'Cc'), h('dd', {}, addresses(s.cc))] : null,
        h('dt', {}, 'Date'), h('dd', {}, when(s.date)),
        h('dt', {}, 'Account'), h('dd', {}, s.accountId),
        h('dt', {}, 'Type / tags'), h('dd', {}, `${s.type} · ${s.tags.join(', ')}`),
        s.flags.length ? [h('dt', {}, 'Flags'), h('dd', {}, s.flags.join(', '))] : null,
        s.status ? [h('dt', {}, 'Delivery'), h('dd', {}, `${s.status}${s.statusDetail ? ` — ${s.statusDetail}` : ''}`)] : null),
      h('div', { class: 'bar' },
        s.folder === 'inbox' ? h('button', { type: 'button', onclick: async () => {
          try {
            await api('POST', `/v1/users/${enc(user)}/activities/${enc(id)}/spam`);
            toast('Moved to spam.');
            replace(status, h('div', { class: 'notice' }, 'Moved to the spam folder on the server.'));
            reload();
          } catch (err) {
            if (!(err instanceof ApiError)) throw err;
            replace(status, h('div', { class: 'problem' }, err.message));
          }
        } }, 'Mark as spam') : null,
        h('button', { type: 'button', onclick: () => compose(slot, user, a) }, 'Reply'),
        h('button', { type: 'button', onclick: () => downloadRaw(user, id, s.subject) }, 'Raw message')),
      status,
      a.safeHtml && a.safeHtml.includes('data-blocked-') ? h('p', { class: 'muted' }, 'Remote images and content of this mail were blocked.') : null,
      a.safeHtmlOmitted ? h('p', { class: 'muted' }, `The HTML of this mail is not shown (${a.safeHtmlOmitted === 'too-large' ? 'too large' : 'nested too deeply'}); here is its text.`) : null,
      body,
      a.attachments.length ? [h('h2', {}, 'Attachments'), h('ul', {}, a.attachments.map((x) => h('li', {}, `${x.name ?? '(unnamed)'} · ${x.contentType} · ${bytes(x.size)}`)))] : null);
  }

  await load();
}

// The raw message needs the key, which a plain link cannot send: fetch it and hand the browser a file.
async function downloadRaw(user, id, subject) {
  const response = await api('GET', `/v1/users/${enc(user)}/activities/${enc(id)}/raw`, undefined, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: `${(subject || 'message').replace(/[^\w.-]+/g, '_').slice(0, 60)}.eml` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
