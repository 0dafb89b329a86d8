using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MailGrains.Testing;

/// <summary>Trusts exactly the test servers' self-signed certificate, nothing else.</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_testServer = new(
        () => X509CertificateLoader.LoadCertificateFromFile(TestServices.MailCertificateFile));

    public static bool IsTestServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        => certificate is not null && certificate.GetCertHashString() == s_testServer.Value.GetCertHashString();
}
