using MailGrains.Mail.Connections;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Accounts.Push;

/// <summary>What push logs beside the watcher's own lines: never a password (an endpoint prints without it).</summary>
internal static partial class PushLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Push for {Account} on {Endpoint} ended ({ErrorKind}: {Reason}); the account polls until a fetch succeeds again")]
    public static partial void Failed(ILogger logger, string account, MailEndpoint endpoint, string errorKind, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Push for {Account} could not ask the account to fetch new mail; the next poll fetches it")]
    public static partial void FetchRequestFailed(ILogger logger, Exception error, string account);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Push for {Account} on {Endpoint} ended unexpectedly; the account polls until a fetch succeeds again")]
    public static partial void Crashed(ILogger logger, Exception error, string account, MailEndpoint endpoint);
}
