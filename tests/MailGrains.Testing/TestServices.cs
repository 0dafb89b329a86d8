namespace MailGrains.Testing;

/// <summary>
/// Where the test services started by <c>deploy/local/test.sh</c> listen. Each value can be overridden by the
/// environment variable of the same name; the defaults are the script's own.
/// </summary>
public static class TestServices
{
    /// <summary>The test Azurite: in-memory, on its own ports, never the developer's data.</summary>
    public static string StorageConnectionString { get; } = Env(
        "MAILGRAINS_TEST_STORAGE",
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10100/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10101/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:10102/devstoreaccount1;");

    public const string Host = "127.0.0.1";

    public static int ImapPort { get; } = Port("MAIL_IMAP_PORT", 10143);

    public static int ImapsPort { get; } = Port("MAIL_IMAPS_PORT", 10993);

    public static int Pop3Port { get; } = Port("MAIL_POP3_PORT", 10110);

    public static int Pop3sPort { get; } = Port("MAIL_POP3S_PORT", 10995);

    public static int SmtpPort { get; } = Port("MAIL_SMTP_PORT", 10025);

    /// <summary>The test Cyrus IMAP's IMAP port (plain text), beside Dovecot.</summary>
    public static int CyrusImapPort { get; } = Port("MAIL_CYRUS_IMAP_PORT", 10443);

    public static int CyrusPop3Port { get; } = Port("MAIL_CYRUS_POP3_PORT", 10410);

    /// <summary>The test Courier IMAP's IMAP port (plain text), beside Dovecot.</summary>
    public static int CourierImapPort { get; } = Port("MAIL_COURIER_IMAP_PORT", 10543);

    public static int CourierPop3Port { get; } = Port("MAIL_COURIER_POP3_PORT", 10510);

    public static int SubmissionPort { get; } = Port("MAIL_SUBMISSION_PORT", 10587);

    public static int SmtpsPort { get; } = Port("MAIL_SMTPS_PORT", 10465);

    public static string MailDomain { get; } = Env("MAIL_DOMAIN", "example.test");

    /// <summary>Dovecot's passwd-file; a line appended to it is a new mailbox at once.</summary>
    public static string MailUsersFile { get; } = Env("MAIL_USERS_FILE", DefaultStatePath("users"));

    /// <summary>The self-signed certificate the test Dovecot and Postfix present.</summary>
    public static string MailCertificateFile { get; } = Env("MAIL_CA_CERT", DefaultStatePath(Path.Combine("tls", "cert.pem")));

    /// <summary>The test Dovecot's configuration, for <c>doveadm</c>.</summary>
    public static string DovecotConfigFile { get; } = DefaultStatePath(Path.Combine("dovecot", "dovecot.conf"));

    /// <summary>The test mail servers' state folder (<c>MAILGRAINS_TEST_STATE</c> of <c>deploy/local/mailservers.sh</c>).</summary>
    public static string MailStateFolder { get; } = DefaultStatePath("");

    /// <summary>A script of <c>deploy/local</c> in this checkout, e.g. <c>cyrus.sh</c>.</summary>
    public static string DeployScript(string name) => Path.Combine(RepositoryRoot(), "deploy", "local", name);

    /// <summary>Home folders of the test mailboxes (<c>{root}/{user}/Maildir</c>).</summary>
    public static string MailHomeRoot { get; } = Env("MAIL_HOME_ROOT", DefaultStatePath("mail"));

    /// <summary>The shared corpus of real odd and broken messages, beside the checkout.</summary>
    public static string MimeCorpusFolder { get; } = Env("MAILGRAINS_CORPUS", Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "corpus", "mimekit")));

    private static string DefaultStatePath(string file)
    {
        var data = Environment.GetEnvironmentVariable("MAILGRAINS_DATA") ?? Path.Combine(RepositoryRoot(), ".data");
        return Path.Combine(Environment.GetEnvironmentVariable("MAILGRAINS_TEST_STATE") ?? Path.Combine(data, "test-mail"), file);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MailGrains.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MailGrains.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Env(string name, string fallback)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static int Port(string name, int fallback)
        => int.Parse(Env(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
}
