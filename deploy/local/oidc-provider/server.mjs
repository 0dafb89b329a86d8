// A loopback-only OpenID provider for the tests of OAuth2 sign-in to mail servers (started by
// deploy/local/oidc.sh). Environment:
//   OIDC_PORT              port on 127.0.0.1 (default 10300); the issuer is http://127.0.0.1:PORT
//   OIDC_CLIENTS_FILE      JSON array of client metadata (oidc-provider's `clients`), written by oidc.sh
//   OIDC_ADMIN_TOKEN       bearer token of the /test/* admin routes (admin.mjs)
//   OIDC_ACCESS_TOKEN_TTL  access token lifetime in seconds (default 60)
//   MAIL_DOMAIN            domain of the accounts' email claim (default example.test)
// State lives in memory only: a restart forgets every grant and token.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

import { adminRoutes } from './admin.mjs';
import { configuration } from './configuration.mjs';

const HOST = '127.0.0.1';
const port = Number(process.env.OIDC_PORT ?? 10300);
const issuer = `http://${HOST}:${port}`;
const adminToken = process.env.OIDC_ADMIN_TOKEN;
const clientsFile = process.env.OIDC_CLIENTS_FILE;
const accessTokenTtl = Number(process.env.OIDC_ACCESS_TOKEN_TTL ?? 60);
const mailDomain = process.env.MAIL_DOMAIN ?? 'example.test';

function log(line) {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

if (!adminToken || !clientsFile) {
  log('OIDC_ADMIN_TOKEN and OIDC_CLIENTS_FILE are required');
  process.exit(2);
}
if (!Number.isInteger(accessTokenTtl) || accessTokenTtl <= 0) {
  log(`OIDC_ACCESS_TOKEN_TTL must be a positive number of seconds, not ${process.env.OIDC_ACCESS_TOKEN_TTL}`);
  process.exit(2);
}

// A signing key of this run only: tokens do not outlive the process anyway.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig' }] };

const provider = new Provider(issuer, configuration({
  clients: JSON.parse(readFileSync(clientsFile, 'utf8')),
  jwks,
  cookieKeys: [randomBytes(32).toString('hex')],
  mailDomain,
  accessTokenTtl,
}));

// The error response says only "grant request is invalid"; the log line tells why (e.g. "refresh token already used").
for (const event of ['grant.error', 'introspection.error', 'revocation.error', 'registration_create.error']) {
  provider.on(event, (ctx, err) => {
    ctx.state.errorDetail = err.error_detail ?? err.error_description;
  });
}

// One line per token, introspection, revocation and registration request; never a token or a secret.
const loggedRoutes = new Set(['token', 'introspection', 'revocation', 'registration']);
provider.use(async (ctx, next) => {
  await next();
  const route = ctx.oidc?.route;
  if (!loggedRoutes.has(route)) return;
  const parts = [route, `status=${ctx.status}`, `client=${ctx.oidc.client?.clientId ?? '-'}`];
  if (route === 'token') parts.push(`grant_type=${ctx.oidc.params?.grant_type ?? '-'}`);
  if (route === 'introspection' && typeof ctx.body?.active === 'boolean') {
    parts.push(`active=${ctx.body.active}`);
    if (ctx.body.sub) parts.push(`sub=${ctx.body.sub}`);
  }
  if (ctx.body?.error) parts.push(`error=${ctx.body.error}`, `detail="${ctx.state.errorDetail ?? ctx.body.error_description ?? ''}"`);
  log(parts.join(' '));
});

const admin = adminRoutes(provider, adminToken, log);
const providerCallback = provider.callback();
const server = createServer(async (req, res) => {
  try {
    if (await admin(req, res)) return;
  } catch (err) {
    log(`admin error ${err.message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'server_error' }));
    return;
  }
  providerCallback(req, res);
});

server.listen(port, HOST, () => log(`listening, issuer ${issuer}`));

function stop() {
  log('stopping');
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
