using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailGrains.Testing;

/// <summary>
/// A throw-away cluster CA with one certificate for silos and one for gateways, as PEM files in a temp folder that
/// is deleted with it. <see cref="Shared"/> is the CA of every silo and gateway of this test run.
/// </summary>
public sealed class TestClusterCertificates : IDisposable
{
    private const string Section = "MailGrains:Cluster:Tls";
    private static readonly Lazy<TestClusterCertificates> s_shared = new(CreateShared);

    private TestClusterCertificates(string name)
    {
        Folder = Directory.CreateTempSubdirectory("mailgrains-cluster-tls-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CaFile = Write("ca.crt", ca.ExportCertificatePem());
        Silo = Issue(ca, name, "silo");
        Gateway = Issue(ca, name, "gateway");
    }

    /// <summary>This run's cluster CA, made on first use and deleted when the test process exits.</summary>
    public static TestClusterCertificates Shared => s_shared.Value;

    public string Folder { get; }

    public string CaFile { get; }

    public Holder Silo { get; }

    public Holder Gateway { get; }

    /// <summary>A new CA of its own (for tests of foreign certificates); dispose it to delete its files.</summary>
    public static TestClusterCertificates Create(string name) => new(name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static TestClusterCertificates CreateShared()
    {
        var certificates = new TestClusterCertificates("mailgrains-test");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => certificates.Dispose();
        return certificates;
    }

    private Holder Issue(X509Certificate2 ca, string name, string role)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} {role}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return new Holder(
            Write($"{role}.crt", certificate.ExportCertificatePem()),
            Write($"{role}.key", key.ExportPkcs8PrivateKeyPem()),
            CaFile);
    }

    private string Write(string file, string pem)
    {
        var path = Path.Combine(Folder, file);
        File.WriteAllText(path, pem);
        return path;
    }

    /// <summary>One certificate with its key, and the CA it trusts.</summary>
    public sealed record Holder(string CertificateFile, string KeyFile, string CaFile)
    {
        /// <summary>The configuration keys that make a silo or client present this certificate and trust the CA.</summary>
        public IEnumerable<KeyValuePair<string, string?>> Settings()
        {
            yield return new($"{Section}:Enabled", "true");
            yield return new($"{Section}:CertificateFile", CertificateFile);
            yield return new($"{Section}:KeyFile", KeyFile);
            yield return new($"{Section}:CaFiles:0", CaFile);
        }
    }
}
