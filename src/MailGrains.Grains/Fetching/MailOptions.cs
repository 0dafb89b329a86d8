namespace MailGrains.Grains.Fetching;

/// <summary>How the silo talks to mail servers.</summary>
public sealed class MailOptions
{
    public const string SectionName = "MailGrains:Mail";

    /// <summary>PEM files of server certificates to trust besides the system's CAs (e.g. a company CA's or a test server's self-signed one).</summary>
    public List<string> TrustedCertificateFiles { get; set; } = [];

    /// <summary>Messages larger than this are stored raw and flagged <c>too-large</c>; only their headers are parsed.</summary>
    public long ParseLimitBytes { get; set; } = Mail.Messages.MessageDigester.DefaultParseLimit;
}
