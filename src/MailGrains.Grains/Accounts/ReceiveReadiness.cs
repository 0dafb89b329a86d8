using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.Accounts;

/// <summary>What an account still lacks before it may receive: incoming server, user name and password.</summary>
internal static class ReceiveReadiness
{
    public static ImmutableDictionary<string, string[]> Missing(AccountSettings settings, bool hasIncomingPassword)
    {
        var missing = ImmutableDictionary.CreateBuilder<string, string[]>();
        if (string.IsNullOrWhiteSpace(settings.Server.Incoming.Host))
        {
            missing["server.incoming.host"] = ["The incoming server must be set before receiving can be enabled."];
        }

        if (string.IsNullOrWhiteSpace(settings.Server.Incoming.UserName))
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
