using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Hosting.ClusterTls;

/// <summary>
/// This process's cluster certificate and the CAs it trusts, as the files of <see cref="ClusterTlsOptions"/> last said.
/// When a connection is made, the files are read again if <see cref="ClusterTlsOptions.ReloadCheckSeconds"/> have
/// passed, and a change takes effect at once: a renewed certificate, or a CA added or dropped during a rotation, needs
/// no restart. A change that does not load (a half-written file) keeps the last good set, says why and is tried again
/// at the next check. The first read happens at start and must succeed.
/// </summary>
internal sealed partial class ClusterCertificateFiles(IOptions<ClusterTlsOptions> options, TimeProvider time, ILogger<ClusterCertificateFiles> logger)
{
    private static readonly TimeSpan s_expiryWarning = TimeSpan.FromDays(14);
    private readonly Lock _gate = new();
    private Loaded? _loaded;
    private DateTimeOffset _nextCheck;
    private DateTimeOffset _nextExpiryWarning;

    /// <summary>One consistent set: the own certificate with its key, the trusted CAs, and a digest of the files they came from.</summary>
    public sealed record Loaded(X509Certificate2 Own, X509Certificate2Collection Authorities, string Digest);

    public Loaded Current()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_loaded is not null && now < _nextCheck)
            {
                return _loaded;
            }

            _nextCheck = now + TimeSpan.FromSeconds(options.Value.ReloadCheckSeconds);
            _loaded = _loaded is null ? Load(options.Value) : Reloaded(_loaded);
            WarnWhenExpiring(_loaded.Own, now);
            return _loaded;
        }
    }

    private Loaded Reloaded(Loaded previous)
    {
        try
        {
            if (Digest(options.Value) == previous.Digest)
            {
                return previous;
            }

            var loaded = Load(options.Value);
            LogReloaded(logger, loaded.Own.Subject, loaded.Own.NotAfter.ToUniversalTime(), loaded.Authorities.Count);
            return loaded;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            LogReloadFailed(logger, ex.Message);
            return previous;
        }
    }

    private void WarnWhenExpiring(X509Certificate2 own, DateTimeOffset now)
    {
        var expires = new DateTimeOffset(own.NotAfter.ToUniversalTime());
        if (expires - now < s_expiryWarning && now >= _nextExpiryWarning)
        {
            _nextExpiryWarning = now + TimeSpan.FromDays(1);
            LogExpiring(logger, own.Subject, expires);
        }
    }

    private static Loaded Load(ClusterTlsOptions settings)
    {
        var digest = Digest(settings);
        var own = X509Certificate2.CreateFromPemFile(settings.CertificateFile, settings.KeyFile);
        var authorities = new X509Certificate2Collection();
        foreach (var file in settings.CaFiles)
        {
            authorities.ImportFromPemFile(file);
        }

        if (authorities.Count == 0)
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:CaFiles hold no certificate.");
        }

        return new Loaded(own, authorities, digest);
    }

    /// <summary>SHA-256 over every file's bytes: small files, read only at a check, and right however the files were replaced.</summary>
    private static string Digest(ClusterTlsOptions settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in settings.CaFiles.Prepend(settings.KeyFile).Prepend(settings.CertificateFile))
        {
            hash.AppendData(File.ReadAllBytes(file));
            hash.AppendData([0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the cluster certificates: {Subject}, valid until {NotAfter:u}, {Authorities} trusted CA(s)")]
    private static partial void LogReloaded(ILogger logger, string subject, DateTime notAfter, int authorities);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster certificate files changed but do not load ({Reason}); the previous certificates stay in use until they do")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster certificate {Subject} expires at {NotAfter:u}: renew it (the new files are picked up without a restart)")]
    private static partial void LogExpiring(ILogger logger, string subject, DateTimeOffset notAfter);
}
