using MailGrains.Accounts;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.OAuth2;

/// <summary>What a consent logs: who connected what, and why it failed; never a code, state, verifier or token.</summary>
internal static partial class OAuth2ConsentLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "OAuth2 consent of {Tenant}/{Account} with {Provider}: {Outcome} {Error}")]
    public static partial void Completed(ILogger logger, string tenant, string account, string provider, OAuth2ConsentOutcome outcome, string? error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "OAuth2 consent of {Tenant}/{Account} could not start: provider {Provider} unavailable ({Reason})")]
    public static partial void ProviderUnavailable(ILogger logger, string tenant, string account, string provider, string reason);
}
