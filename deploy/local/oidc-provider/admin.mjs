// Test-only admin routes, guarded by `Authorization: Bearer $OIDC_ADMIN_TOKEN`:
//   POST /test/mint   {sub, client_id?, scope?} -> {access_token, refresh_token?, expires_in, scope, token_type}
//       tokens issued through the provider's own models, as a code flow with consent would issue them
//       (a refresh token only when the scope has offline_access), so tests need no browser;
//   POST /test/revoke {sub} -> {revoked_grants}
//       removes every grant of the account and the tokens issued under them, as an administrator does at
//       the mail provider: the next refresh gets invalid_grant and introspection says inactive.
import { timingSafeEqual } from 'node:crypto';

import { revokeAccount } from './store.mjs';

const DEFAULT_CLIENT_ID = 'mailgrains-test';
const DEFAULT_SCOPE = 'openid email profile offline_access mail';
const MAX_BODY = 64 * 1024;

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function authorized(req, adminToken) {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${adminToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY) throw new Error('body too large');
  }
  return text ? JSON.parse(text) : {};
}

async function mint(provider, { sub, client_id: clientId = DEFAULT_CLIENT_ID, scope = DEFAULT_SCOPE }) {
  const client = await provider.Client.find(clientId);
  if (!client) return [400, { error: 'invalid_client', error_description: `unknown client ${clientId}` }];

  const grant = new provider.Grant({ accountId: sub, clientId });
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  const scopes = new Set(scope.split(' '));

  const at = new provider.AccessToken({
    accountId: sub, client, grantId, gty: 'authorization_code', scope: grant.getOIDCScopeFiltered(scopes),
  });
  const accessToken = await at.save();

  let refreshToken;
  if (scopes.has('offline_access') && client.grantTypeAllowed('refresh_token')) {
    const rt = new provider.RefreshToken({
      accountId: sub, client, grantId, gty: 'authorization_code', rotations: 0, scope,
    });
    refreshToken = await rt.save();
  }

  return [200, {
    access_token: accessToken,
    refresh_token: refreshToken,
    expires_in: at.expiration,
    scope: at.scope,
    token_type: 'Bearer',
  }];
}

/** Returns a request handler that answers /test/* and returns false for every other path. */
export function adminRoutes(provider, adminToken, log) {
  return async function handle(req, res) {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (!path.startsWith('/test/')) return false;

    if (!authorized(req, adminToken)) {
      log(`admin ${path} status=401`);
      send(res, 401, { error: 'unauthorized' });
      return true;
    }
    if (req.method !== 'POST') {
      send(res, 405, { error: 'method not allowed' });
      return true;
    }

    let body;
    try {
      body = await readJson(req);
    } catch (err) {
      send(res, 400, { error: 'invalid_request', error_description: err.message });
      return true;
    }
    if (typeof body.sub !== 'string' || body.sub === '') {
      send(res, 400, { error: 'invalid_request', error_description: 'sub is required' });
      return true;
    }

    if (path === '/test/mint') {
      const [status, result] = await mint(provider, body);
      log(`admin mint sub=${body.sub} client=${body.client_id ?? DEFAULT_CLIENT_ID} scope="${result.scope ?? ''}" status=${status}`);
      send(res, status, result);
    } else if (path === '/test/revoke') {
      const revoked = revokeAccount(body.sub);
      log(`admin revoke sub=${body.sub} grants=${revoked}`);
      send(res, 200, { revoked_grants: revoked });
    } else {
      send(res, 404, { error: 'not found' });
    }
    return true;
  };
}
