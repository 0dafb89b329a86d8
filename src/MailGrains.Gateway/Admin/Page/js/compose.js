import { h, replace, toast } from './dom.js';
import { api, enc, ApiError } from './api.js';
import { field, text, area, select, showErrors, clearErrors } from './form.js';

const list = (value) => value.split(/[,;\s]+/).filter(Boolean);

// Compose or reply: sends through an account the user may use (owner or allowed sender), as the API does.
export function composeForm(sender, accounts, replyTo, sent) {
  if (!accounts.length) return h('div', { class: 'problem' }, `${sender} may send through no account: make them the owner or an allowed sender of one.`);
  const s = replyTo?.summary;
  const account = select(accounts.map((a) => [a.id, `${a.id} (${a.general.email})`]), s && accounts.some((a) => a.id === s.accountId) ? s.accountId : accounts[0].id);
  const to = text(s ? (replyTo.replyTo[0]?.address ?? s.from?.address ?? '') : '');
  const cc = text('');
  const subject = text(s ? (/^re:/i.test(s.subject ?? '') ? s.subject : `Re: ${s.subject ?? ''}`) : '');
  const body = area('', { rows: 8 });
  const result = h('div');
  const form = h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    const message = { senderUserId: sender, to: list(to.value), cc: list(cc.value), bcc: [], subject: subject.value, text: body.value, inReplyToActivityId: replyTo?.summary.id ?? null };
    try {
      const r = await api('POST', `/v1/accounts/${enc(account.value)}/messages`, message);
      toast('Queued for sending.');
      replace(result, h('div', { class: 'notice' }, `Queued (${r.activityId}).`));
      setTimeout(sent, 1500);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      replace(result, showErrors(form, err.problem).box);
    }
  } },
    h('h2', {}, replyTo ? 'Reply' : 'New mail'),
    field('Send through', account, { name: 'accountId' }),
    field('To', to, { name: 'to', hint: 'Separate addresses with commas.' }),
    field('Cc', cc, { name: 'cc' }),
    field('Subject', subject, { name: 'subject' }),
    field('Text', body, { name: 'text', hint: "The account's (or your) signature is added." }),
    result,
    h('div', { class: 'bar' }, h('button', { type: 'submit', class: 'primary' }, 'Send')));
  return form;
}
