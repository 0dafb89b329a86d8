using System.Diagnostics;

namespace MailGrains.Testing;

/// <summary>The IMAP/POP3 servers the tests run against (all started by <c>deploy/local/mailservers.sh</c>).</summary>
public enum MailServerKind
{
    Dovecot,
    Cyrus,
    Courier,
}

/// <summary>
/// One of the test IMAP/POP3 servers and how it differs from the others: its ports, where a user's folders
/// live (Dovecot's namespace is the root, so <c>Sent</c>; Cyrus's and Courier's is <c>INBOX.</c>, so
/// <c>INBOX.Sent</c>), and whether it has MOVE and special-use flags (Courier has neither).
/// </summary>
public sealed record TestMailServer(MailServerKind Kind, int ImapPort, int Pop3Port, string FolderPrefix)
{
    public static TestMailServer Dovecot { get; } = new(MailServerKind.Dovecot, TestServices.ImapPort, TestServices.Pop3Port, "");

    public static TestMailServer Cyrus { get; } = new(MailServerKind.Cyrus, TestServices.CyrusImapPort, TestServices.CyrusPop3Port, "INBOX.");

    public static TestMailServer Courier { get; } = new(MailServerKind.Courier, TestServices.CourierImapPort, TestServices.CourierPop3Port, "INBOX.");

    public static TestMailServer Of(MailServerKind kind) => kind switch
    {
        MailServerKind.Dovecot => Dovecot,
        MailServerKind.Cyrus => Cyrus,
        MailServerKind.Courier => Courier,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Whether the server has the IMAP MOVE command (Courier has not: a move is COPY, then expunge).</summary>
    public bool HasMove => Kind != MailServerKind.Courier;

    /// <summary>Whether the server marks Sent, Junk, ... with special-use flags (Courier does not: they go by name).</summary>
    public bool HasSpecialUse => Kind != MailServerKind.Courier;

    /// <summary>The full name of a folder of a user's own: <c>Sent</c> on Dovecot, <c>INBOX.Sent</c> on Cyrus and Courier; INBOX is INBOX everywhere.</summary>
    public string Folder(string name) => name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : FolderPrefix + name;

    public override string ToString() => Kind.ToString();

    /// <summary>
    /// Runs this server's script in <c>deploy/local</c> (<c>cyrus.sh</c>, <c>courier.sh</c>) against its state folder
    /// (<c>MAIL_CYRUS_STATE</c>, <c>MAIL_COURIER_STATE</c> of <c>services.env</c>, else the test services' one), e.g.
    /// <c>add-user NAME PASSWORD</c>; throws with its output when it fails.
    /// </summary>
    internal async Task RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [TestServices.DeployScript(Kind.ToString().ToLowerInvariant() + ".sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MAILGRAINS_TEST_STATE"] = Environment.GetEnvironmentVariable($"MAIL_{Kind.ToString().ToUpperInvariant()}_STATE") is { Length: > 0 } state
            ? state
            : TestServices.MailStateFolder;
        start.Environment["MAIL_CYRUS_IMAP_PORT"] = TestServices.CyrusImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Kind}: {arguments[0]} failed ({process.ExitCode}): {await errors}{await output}");
        }
    }
}
