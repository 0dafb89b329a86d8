// The gateway's HTTP API with the signed-in admin key. The key lives in sessionStorage only: it is gone when the
// browser session ends or the admin signs out.
const KEY = 'mailgrains.adminKey';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) { if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY); },
  get tenant() { return /^mgk_([^_]+)_/.exec(this.key ?? '')?.[1] ?? null; },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? { title: `HTTP ${status}` };
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, body, { contentType = 'application/json', raw = false } = {}) {
  const headers = { Authorization: `Bearer ${session.key}` };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    onUnauthorized();
    throw new ApiError(401, { title: 'The key was not accepted.', detail: 'Sign in again with a valid tenant admin key.' });
  }
  if (!response.ok) {
    let problem;
    try { problem = await response.json(); } catch { problem = { title: `${response.status} ${response.statusText}` }; }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => api('GET', path);
export const enc = encodeURIComponent;
