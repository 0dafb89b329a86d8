using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailGrains.Grains.Secrets;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.OAuth2;

/// <summary>
/// Signs and checks the <c>state</c> of an OAuth2 consent, <c>{consentId}.{signature}</c>: HMAC-SHA256 over the
/// consent id, tenant, account, provider and expiry, keyed by a key derived (HKDF) from the current secrets key, so
/// a state cannot be made for another consent, account or time without the operator's secret.
/// </summary>
public sealed class OAuth2StateSigner(IOptions<SecretOptions> options)
{
    private static readonly byte[] s_purpose = "mailgrains oauth2 state v1"u8.ToArray();

    public string Sign(string consentId, string tenantId, string accountId, string provider, DateTimeOffset expiresAt)
        => $"{consentId}.{Base64Url.EncodeToString(Mac(consentId, tenantId, accountId, provider, expiresAt))}";

    /// <summary>Whether <paramref name="state"/> is exactly the state signed for these values (compared in constant time).</summary>
    public bool Verify(string state, string consentId, string tenantId, string accountId, string provider, DateTimeOffset expiresAt)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(consentId, tenantId, accountId, provider, expiresAt));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(state), expected);
    }

    private byte[] Mac(string consentId, string tenantId, string accountId, string provider, DateTimeOffset expiresAt)
    {
        var secrets = options.Value;
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(secrets.Keys[secrets.CurrentKeyId]), 32, salt: [], info: s_purpose);
        // Newline-separated: none of the parts (ids, provider names, a number) can hold one.
        var signed = string.Join('\n', consentId, tenantId, accountId, provider, expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed));
    }
}
