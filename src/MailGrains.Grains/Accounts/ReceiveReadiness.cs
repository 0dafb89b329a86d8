using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// What an account still lacks before it may receive: incoming server, user name and password (or, signing in with
/// OAuth2, a connection, whose address stands in for a missing user name), each under the name of its field in the
/// API's account document.
/// </summary>
internal static class ReceiveReadiness
{
    /// <param name="oauth2Address">The OAuth2 connection's address; empty when connected without one, null when not connected.</param>
    public static ImmutableDictionary<string, string[]> Missing(MailReceiving receiving, bool hasIncomingPassword, string? oauth2Address = null)
    {
        var oauth2 = receiving.Server.SignIn == SignInMethod.OAuth2;
        var missing = ImmutableDictionary.CreateBuilder<string, string[]>();
        if (string.IsNullOrWhiteSpace(receiving.Server.Host))
        {
            missing["server.incoming.host"] = ["The incoming server must be set before receiving can be enabled."];
        }

        if (string.IsNullOrWhiteSpace(receiving.Server.UserName) && !(oauth2 && !string.IsNullOrWhiteSpace(oauth2Address)))
        {
            missing["server.incoming.userName"] = ["The incoming user name must be set before receiving can be enabled."];
        }

        if (oauth2 && oauth2Address is null)
        {
            missing["server.oauth2"] = ["The account must be connected with OAuth2 (POST /v1/accounts/{id}/oauth2/authorize) before receiving can be enabled."];
        }
        else if (!oauth2 && !hasIncomingPassword)
        {
            missing["server.incoming.password"] = ["The incoming password must be set before receiving can be enabled."];
        }

        return missing.ToImmutable();
    }
}
