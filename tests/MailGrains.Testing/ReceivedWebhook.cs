using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MailGrains.Testing;

/// <summary>
/// One request a <see cref="WebhookReceiver"/> got, recorded when it arrived (before it was answered).
/// <see cref="Verified"/> is the independent <c>StandardWebhooks</c> package's verdict with any of the receiver's
/// secrets. That verifier matches only the first signature of a header with several, so a receiver that holds only
/// the previous secret during a rotation cannot use it: <see cref="VerifiedWith"/> checks every signature of the header
/// with HMAC computed here, from the spec, independently of the code under test.
/// </summary>
public sealed record ReceivedWebhook(
    string? Id,
    string? Timestamp,
    string? Signature,
    string? Type,
    JsonElement? Body,
    ReadOnlyMemory<byte> RawBody,
    bool Verified,
    string? VerificationError,
    IReadOnlyDictionary<string, string> Headers,
    string Path,
    int RepliedStatus,
    DateTimeOffset ArrivedAt)
{
    /// <summary>The <c>v1,…</c> entries of the <c>webhook-signature</c> header, in order.</summary>
    public IReadOnlyList<string> Signatures => Signature?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>Whether any <c>v1</c> signature in the header is HMAC-SHA256 with <paramref name="secret"/> (<c>whsec_</c> + base64) over <c>{id}.{timestamp}.{body}</c>.</summary>
    public bool VerifiedWith(string secret)
    {
        if (Id is null || Timestamp is null || !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return false;
        }

        var signed = new byte[Encoding.UTF8.GetByteCount($"{Id}.{Timestamp}.") + RawBody.Length];
        var prefixLength = Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.", signed);
        RawBody.Span.CopyTo(signed.AsSpan(prefixLength));
        var expected = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), signed);
        return Signatures.Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && TryBase64(s[3..]) is { } given
            && CryptographicOperations.FixedTimeEquals(given, expected));
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
