using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace MailGrains.Hosting.ClusterTls;

/// <summary>
/// The TLS settings of both ends of a cluster connection: each end requires the other's certificate. Every handshake
/// takes the certificate and the CAs from <see cref="ClusterCertificateFiles"/>, so renewed files apply to the next
/// connection.
/// </summary>
internal sealed class ClusterCertificates(IOptions<ClusterTlsOptions> options, ClusterCertificateFiles files, ClusterConnectionRefusals refusals)
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public bool Enabled => options.Value.Enabled;

    /// <summary>For the accepting end (a silo's silo and gateway ports): the caller must present a client certificate of the cluster.</summary>
    public TlsOptions Accepting() => Create(ClientAuthentication);

    /// <summary>For the connecting end (a silo calling another, or the gateway): the silo must present a server certificate of the cluster.</summary>
    public TlsOptions Connecting() => Create(ServerAuthentication);

    private TlsOptions Create(string remoteUsage)
        => new()
        {
            LocalCertificate = files.Current().Own,
            LocalServerCertificateSelector = (_, _) => files.Current().Own,
            LocalClientCertificateSelector = (_, _, _, _, _) => files.Current().Own,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = (certificate, chain, _) =>
            {
                if (WhyRefused(certificate, chain, files.Current().Authorities, remoteUsage) is not { } reason)
                {
                    return true;
                }

                refusals.Report(certificate, reason);
                return false;
            },
        };

    /// <summary>
    /// Null when the certificate chains to one of the configured CAs (never the system's roots) and allows
    /// <paramref name="usage"/>, else why not. Its name is not checked: silos are addressed by IP and every holder is a
    /// cluster member.
    /// </summary>
    internal static string? WhyRefused(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection authorities, string usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        if (presented is not null)
        {
            // Intermediates the peer sent help build the chain; trust still comes only from the configured CAs.
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.Equals(certificate))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var usageName = usage == ServerAuthentication ? "serverAuth" : "clientAuth";
        return string.Join("; ", chain.ChainStatus.Select(s => s.Status switch
        {
            X509ChainStatusFlags.NotValidForUsage => $"lacks the {usageName} usage",
            X509ChainStatusFlags.NotTimeValid => "is expired or not yet valid",
            X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "does not chain to a configured CA",
            var other => $"fails the chain check ({other})",
        }).Distinct().DefaultIfEmpty("does not chain to a configured CA"));
    }
}
