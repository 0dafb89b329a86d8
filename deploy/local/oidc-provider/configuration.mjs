// The test provider's oidc-provider configuration: accounts, scopes, lifetimes, features.
import { Store } from './store.mjs';

/** The client that introspects tokens for the test Dovecot; it may introspect anybody's token. */
export const INTROSPECTOR_CLIENT_ID = 'dovecot';

/** Scopes the provider knows; `mail` plays the role of a mail provider's own scope for IMAP/POP3/SMTP. */
export const SCOPES = ['openid', 'email', 'profile', 'offline_access', 'mail'];

/** Any login name is an account: its `sub` is the login name, its address that name at the mail domain. */
export function accountFor(sub, mailDomain) {
  return {
    accountId: sub,
    async claims() {
      return {
        sub, email: `${sub}@${mailDomain}`, email_verified: true, name: sub,
      };
    },
  };
}

export function configuration({
  clients, jwks, cookieKeys, mailDomain, accessTokenTtl,
}) {
  return {
    adapter: Store,
    clients,
    jwks,
    cookies: { keys: cookieKeys },
    findAccount: async (ctx, sub) => accountFor(sub, mailDomain),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    scopes: SCOPES,
    // The ID token carries the email and name claims, as Google's does, not only the userinfo endpoint.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Every refresh gives a new refresh token and uses the old one up, as Microsoft's and many others do.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      RefreshToken: 24 * 3600,
      IdToken: 3600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    features: {
      // The provider's own plain HTML login and consent pages: any login name and any password sign in.
      devInteractions: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: async (ctx, client, token) => client.clientId === INTROSPECTOR_CLIENT_ID
          || client.clientId === token.clientId,
      },
      revocation: { enabled: true },
      // Open dynamic registration: a test registers a client with the redirect URI of its own gateway.
      registration: { enabled: true },
    },
  };
}
