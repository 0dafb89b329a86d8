namespace MailGrains.Testing;

/// <summary>Tokens the test OpenID provider issued for one account, as its token endpoint returns them.</summary>
/// <param name="RefreshToken">Null when the scope had no <c>offline_access</c>.</param>
public sealed record TestOidcTokens(string AccessToken, string? RefreshToken, int ExpiresIn, string Scope);
