using System.Security.Cryptography;
using System.Text;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>
/// The <c>webhook-signature</c> header of the Standard Webhooks spec, version 1: for each secret
/// <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), separated by spaces, in the order given
/// (current secret first: some verifiers look at the first signature only). The key is the base64 after
/// <c>whsec_</c>.
/// </summary>
internal static class StandardWebhookSignature
{
    private const string SecretPrefix = "whsec_";

    /// <summary>The header value for <paramref name="secrets"/>; throws <see cref="ArgumentException"/> (without the secret) for a secret that is not <c>whsec_</c> + base64.</summary>
    public static string Header(string eventId, long unixSeconds, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one signing secret is needed.", nameof(secrets));
        }

        var signed = SignedBytes(eventId, unixSeconds, body);
        var header = new StringBuilder();
        for (var i = 0; i < secrets.Count; i++)
        {
            header.Append(i == 0 ? "" : " ").Append("v1,").Append(Convert.ToBase64String(HMACSHA256.HashData(Key(secrets[i], i), signed)));
        }

        return header.ToString();
    }

    private static byte[] SignedBytes(string eventId, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{eventId}.{unixSeconds}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return signed;
    }

    private static byte[] Key(string secret, int index)
    {
        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            try
            {
                var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
                if (key.Length > 0)
                {
                    return key;
                }
            }
            catch (FormatException)
            {
            }
        }

        throw new ArgumentException($"Signing secret {index} is not 'whsec_' followed by base64.", nameof(secret));
    }
}
