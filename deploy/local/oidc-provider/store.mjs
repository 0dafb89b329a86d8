// In-memory storage of the test provider's models (grants, tokens, sessions, registered clients).
// Unlike oidc-provider's own memory adapter it has no size limit, so a long test run never loses a
// token to eviction, and it can find every grant of an account, which the admin "revoke" route needs.

const records = new Map(); // "Model:id" -> { payload, expiresAt }
const grantMembers = new Map(); // grantId -> Set of "Model:id"
const secondary = new Map(); // "uid:..." / "userCode:..." -> id

function alive(key) {
  const record = records.get(key);
  if (!record) return undefined;
  if (record.expiresAt !== undefined && record.expiresAt <= Date.now()) {
    remove(key);
    return undefined;
  }
  return record.payload;
}

function remove(key) {
  const record = records.get(key);
  records.delete(key);
  if (!record) return;
  const { grantId, uid, userCode } = record.payload;
  const id = key.slice(key.indexOf(':') + 1);
  if (grantId) grantMembers.get(grantId)?.delete(key);
  if (key.startsWith('Session:') && secondary.get(`uid:${uid}`) === id) secondary.delete(`uid:${uid}`);
  if (userCode && secondary.get(`userCode:${userCode}`) === id) secondary.delete(`userCode:${userCode}`);
}

// Drops expired records now and then, so that a long run does not grow without end.
setInterval(() => {
  for (const key of records.keys()) alive(key);
  for (const [grantId, members] of grantMembers) {
    if (members.size === 0) grantMembers.delete(grantId);
  }
}, 60_000).unref();

/** oidc-provider's adapter interface, one instance per model name. */
export class Store {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    remove(key);
    records.set(key, {
      payload,
      expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined,
    });
    if (payload.grantId) {
      if (!grantMembers.has(payload.grantId)) grantMembers.set(payload.grantId, new Set());
      grantMembers.get(payload.grantId).add(key);
    }
    if (this.model === 'Session') secondary.set(`uid:${payload.uid}`, id);
    if (payload.userCode) secondary.set(`userCode:${payload.userCode}`, id);
  }

  async find(id) {
    return alive(this.key(id));
  }

  async findByUid(uid) {
    const id = secondary.get(`uid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = secondary.get(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = alive(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    remove(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of [...(grantMembers.get(grantId) ?? [])]) remove(key);
    grantMembers.delete(grantId);
  }
}

/**
 * Removes every grant of an account and every token issued under them: the next refresh is
 * refused with invalid_grant and introspection reports the tokens inactive.
 * Returns how many grants were removed.
 */
export function revokeAccount(accountId) {
  let count = 0;
  for (const [key, record] of [...records]) {
    if (key.startsWith('Grant:') && record.payload.accountId === accountId) {
      const grantId = key.slice('Grant:'.length);
      for (const member of [...(grantMembers.get(grantId) ?? [])]) remove(member);
      grantMembers.delete(grantId);
      remove(key);
      count += 1;
    }
  }
  return count;
}
