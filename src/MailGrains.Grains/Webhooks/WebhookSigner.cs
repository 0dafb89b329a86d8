using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailGrains.Grains.Webhooks;

/// <summary>
/// Standard Webhooks v1 signing: a secret is <c>whsec_</c> + base64 of 32 random bytes; a signature is
/// <c>v1,</c> + base64(HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}")), the timestamp in unix
/// seconds. With several secrets (a rotation's grace) the header holds one signature each, separated by spaces, the
/// current secret first: some verifiers look at the first signature only.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const int SecretBytes = 32;

    /// <summary>A new random signing secret.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The <c>webhook-timestamp</c> value: unix seconds.</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>webhook-signature</c> value: <c>v1,&lt;signature&gt;</c> for each secret, in the order given, separated by spaces.</summary>
    public static string Signatures(IReadOnlyList<string> secrets, string eventId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one secret signs.", nameof(secrets));
        }

        var signed = Signed(eventId, timestamp, body);
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), signed))));
    }

    /// <summary>The bytes of a secret: the base64 after <c>whsec_</c>.</summary>
    private static byte[] Key(string secret)
        => Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    private static byte[] Signed(string eventId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{eventId}.{Timestamp(timestamp)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return signed;
    }
}
