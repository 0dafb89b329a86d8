namespace MailGrains.Testing;

/// <summary>
/// Where the test services started by <c>deploy/local/test.sh</c> listen. Each value can be overridden by the
/// environment variable of the same name; the defaults are the script's own.
/// </summary>
public static class TestServices
{
    // Declared first: the OIDC_* properties below read it while the class initializes.
    private static readonly Lazy<Dictionary<string, string>> s_oidcEnvFile = new(() =>
    {
        var file = DefaultStatePath("oidc.env");
        if (!File.Exists(file))
        {
            return [];
        }

        // Lines of `export NAME=VALUE`; the values (URLs, hex secrets, names) need no shell quoting.
        return File.ReadAllLines(file)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\'', '"'), StringComparer.Ordinal);
    });

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

    /// <summary>The test OpenID provider (<c>deploy/local/oidc.sh</c>): its issuer, e.g. <c>http://127.0.0.1:10300</c>.</summary>
    public static string OidcIssuer { get; } = OidcEnv("OIDC_ISSUER", "http://127.0.0.1:10300");

    /// <summary>The product's client at the test OpenID provider (authorization code + refresh token, client_secret_basic).</summary>
    public static string OidcClientId { get; } = OidcEnv("OIDC_CLIENT_ID", "mailgrains-test");

    public static string OidcClientSecret { get; } = OidcEnv("OIDC_CLIENT_SECRET", "");

    /// <summary>Bearer token of the provider's test-only routes (<c>/test/mint</c>, <c>/test/revoke</c>).</summary>
    public static string OidcAdminToken { get; } = OidcEnv("OIDC_ADMIN_TOKEN", "");

    /// <summary>The client the test Dovecot introspects tokens with.</summary>
    public static string OidcDovecotClientId { get; } = OidcEnv("OIDC_DOVECOT_CLIENT_ID", "dovecot");

    public static string OidcDovecotClientSecret { get; } = OidcEnv("OIDC_DOVECOT_CLIENT_SECRET", "");

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

    /// <summary>
    /// An <c>OIDC_*</c> variable: from the environment (<c>deploy/local/test.sh</c> exports them), else from the
    /// <c>oidc.env</c> that <c>oidc.sh</c> wrote in the state folder, so a plain <c>dotnet test</c> finds the secrets too.
    /// </summary>
    private static string OidcEnv(string name, string fallback)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : s_oidcEnvFile.Value.GetValueOrDefault(name, fallback);

    private static string Env(string name, string fallback)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static int Port(string name, int fallback)
        => int.Parse(Env(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
}
