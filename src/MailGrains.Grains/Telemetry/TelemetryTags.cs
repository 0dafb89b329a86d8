using MailGrains.Accounts;

namespace MailGrains.Grains.Telemetry;

/// <summary>Names of the tags on the product's measurements and spans; their values are small fixed sets.</summary>
public static class TelemetryTags
{
    /// <summary><c>imap</c> or <c>pop3</c>.</summary>
    public const string Protocol = "mail.protocol";

    /// <summary>Fetches: <c>success</c> or <c>error</c>; deliveries: <c>sent</c>, <c>failed</c> or <c>deferred</c>.</summary>
    public const string Outcome = "outcome";

    /// <summary>What kind of failure, from <see cref="Mail.Errors.MailError.Tag"/>.</summary>
    public const string ErrorKind = "error.kind";

    /// <summary>Where a stored activity came from: <c>fetched</c> or <c>sent</c>.</summary>
    public const string Origin = "activity.origin";

    /// <summary>The account's grain key <c>{tenant}/{account}</c>: on spans only, never on measurements (too many values).</summary>
    public const string Account = "mailgrains.account";

    public static string ProtocolName(MailProtocol protocol) => protocol == MailProtocol.Pop3 ? "pop3" : "imap";

    internal static KeyValuePair<string, object?> ProtocolTag(MailProtocol protocol) => new(Protocol, ProtocolName(protocol));
}
