using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using Microsoft.Extensions.Logging;

namespace MailGrains.Mail.Imap.Idle;

/// <summary>What a watcher logs. An endpoint prints without its password; errors print as their <see cref="MailError"/> sentence.</summary>
internal static partial class IdleLog
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "IDLE on {Endpoint}: the server does not offer IDLE; the folder has to be polled")]
    public static partial void Unsupported(ILogger logger, MailEndpoint endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "IDLE on {Endpoint}: the session ended ({ErrorKind}: {Reason}); reconnecting in {Delay} (failure {Failures} in a row)")]
    public static partial void Reconnecting(ILogger logger, MailEndpoint endpoint, string errorKind, string reason, TimeSpan delay, int failures);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "IDLE on {Endpoint} ended after {Failures} failures in a row ({ErrorKind}: {Reason})")]
    public static partial void GaveUp(ILogger logger, MailEndpoint endpoint, int failures, string errorKind, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "IDLE on {Endpoint} ended ({ErrorKind}: {Reason}); reconnecting would not help")]
    public static partial void Failed(ILogger logger, MailEndpoint endpoint, string errorKind, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "IDLE on {Endpoint}: stopped")]
    public static partial void Stopped(ILogger logger, MailEndpoint endpoint);
}
