namespace MailGrains.Grains.Fetching;

/// <summary>How the silo talks to mail servers.</summary>
public sealed class MailOptions
{
    public const string SectionName = "MailGrains:Mail";

    /// <summary>PEM files of server certificates to trust besides the system's CAs (e.g. a company CA's or a test server's self-signed one).</summary>
    public List<string> TrustedCertificateFiles { get; set; } = [];

    /// <summary>Messages larger than this are stored raw and flagged <c>too-large</c>; only their headers are parsed.</summary>
    public long ParseLimitBytes { get; set; } = Mail.Messages.MessageDigester.DefaultParseLimit;

    /// <summary>
    /// An IMAP account that polls at least this often (seconds) keeps its session open between polls; 0 turns
    /// kept sessions off. Servers log idle sessions out after 30 minutes at the earliest (RFC 9051), so more than
    /// 1,500 is not useful.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400)]
    public int KeepImapSessionsUpToSeconds { get; set; } = 300;

    /// <summary>At most this many kept IMAP sessions per silo (each is a connection, and a process on some servers).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int MaxKeptImapSessions { get; set; } = 1000;

    /// <summary>
    /// At most this many IMAP IDLE sessions (push, one connection per account) per silo; accounts beyond it poll, and
    /// take a free place at a later successful poll. 0 turns push off on the silo.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1_000_000)]
    public int MaxIdleSessions { get; set; } = 2000;

    /// <summary>At most this many fetches that open a connection run at once per silo; the others wait their turn (polls on kept sessions need no slot).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxConcurrentFetches { get; set; } = 100;

    /// <summary>
    /// At most this many of the silo's fetch slots go to one tenant at once, so that one tenant's slow or hostile
    /// servers can never hold all of them; its other accounts wait for one of its own slots.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxConcurrentFetchesPerTenant { get; set; } = 25;

    /// <summary>
    /// A fetch (connect to logout, retention included) is stopped after this many seconds; what it stored stays
    /// stored and the next fetch goes on from there. A server that trickles bytes cannot hold a fetch for ever.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(30, 86_400)]
    public int MaxFetchSeconds { get; set; } = 600;

    /// <summary>
    /// Messages the server says are larger than this are not downloaded whole: their activity is made from the
    /// header alone and flagged <c>too-large</c> and <c>body-not-fetched</c>. Below Orleans' message limit (100 MB).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1_048_576, 90L * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The bytes of one batch of fetched messages (a batch is one store and one grain message).</summary>
    [System.ComponentModel.DataAnnotations.Range(1_048_576, 90L * 1024 * 1024)]
    public long MaxBatchBytes { get; set; } = 16L * 1024 * 1024;
}
