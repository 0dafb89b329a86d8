using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// What an account still lacks before it may receive: incoming server, user name and password, each under the name of
/// its field in the API's account document.
/// </summary>
internal static class ReceiveReadiness
{
    public static ImmutableDictionary<string, string[]> Missing(MailReceiving receiving, bool hasIncomingPassword)
    {
        var missing = ImmutableDictionary.CreateBuilder<string, string[]>();
        if (string.IsNullOrWhiteSpace(receiving.Server.Host))
        {
            missing["server.incoming.host"] = ["The incoming server must be set before receiving can be enabled."];
        }

        if (string.IsNullOrWhiteSpace(receiving.Server.UserName))
        {
            missing["server.incoming.userName"] = ["The incoming user name must be set before receiving can be enabled."];
        }

        if (!hasIncomingPassword)
        {
            missing["server.incoming.password"] = ["The incoming password must be set before receiving can be enabled."];
        }

        return missing.ToImmutable();
    }
}
