using System.Globalization;

namespace MailGrains.Bench;

/// <summary>
/// Where the bench's services are: the variables <c>deploy/local/bench.sh</c> exports (the mail servers'
/// <c>services.env</c> and <c>MAILGRAINS_BENCH_STORAGE</c>).
/// </summary>
public sealed record BenchEnvironment(string StorageConnectionString, string MailHost, int ImapPort, string UsersFile, string MailHomeRoot, string MailDomain)
{
    public static BenchEnvironment FromVariables() => new(
        Required("MAILGRAINS_BENCH_STORAGE"),
        Environment.GetEnvironmentVariable("MAIL_HOST") ?? "127.0.0.1",
        int.Parse(Required("MAIL_IMAP_PORT"), CultureInfo.InvariantCulture),
        Required("MAIL_USERS_FILE"),
        Required("MAIL_HOME_ROOT"),
        Environment.GetEnvironmentVariable("MAIL_DOMAIN") ?? "example.test");

    private static string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{name} is not set: run the bench through deploy/local/bench.sh.");
}
