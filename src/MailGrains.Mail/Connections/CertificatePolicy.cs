using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MailGrains.Mail.Connections;

/// <summary>
/// Accepts what the system trusts, plus exactly the certificates an operator listed (e.g. a company CA's
/// server certificate or a test server's self-signed one). Nothing else: no blanket "accept all".
/// </summary>
public sealed class CertificatePolicy(IEnumerable<X509Certificate2> extraTrusted)
{
    private readonly HashSet<string> _thumbprints = [.. extraTrusted.Select(c => c.GetCertHashString())];

    public static CertificatePolicy SystemOnly { get; } = new([]);

    public static CertificatePolicy FromFiles(IEnumerable<string> pemFiles)
        => new(pemFiles.Select(X509CertificateLoader.LoadCertificateFromFile));

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        => errors == SslPolicyErrors.None || (certificate is not null && _thumbprints.Contains(certificate.GetCertHashString()));
}
