using System.Buffers.Text;
using System.Security.Cryptography;
using MailGrains.Grains.OAuth2;
using MailGrains.Grains.Secrets;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tests.OAuth2;

/// <summary>The consent's state: bound to its consent, tenant, account, provider and expiry, and to the operator's key.</summary>
public sealed class OAuth2StateSignerTests
{
    private static readonly DateTimeOffset s_expiry = new(2026, 12, 5, 22, 40, 0, TimeSpan.Zero);

    [Fact]
    public void AStateVerifiesOnlyForExactlyWhatItWasSignedFor()
    {
        var signer = Signer(RandomNumberGenerator.GetBytes(32));
        var state = signer.Sign("consent1", "acme", "sales", "google", s_expiry);

        Assert.StartsWith("consent1.", state, StringComparison.Ordinal);
        Assert.True(signer.Verify(state, "consent1", "acme", "sales", "google", s_expiry));
        Assert.False(signer.Verify(state, "consent2", "acme", "sales", "google", s_expiry));
        Assert.False(signer.Verify(state, "consent1", "other", "sales", "google", s_expiry));
        Assert.False(signer.Verify(state, "consent1", "acme", "support", "google", s_expiry));
        Assert.False(signer.Verify(state, "consent1", "acme", "sales", "microsoft", s_expiry));
        Assert.False(signer.Verify(state, "consent1", "acme", "sales", "google", s_expiry.AddMinutes(10)));
        Assert.False(signer.Verify(state[..^1], "consent1", "acme", "sales", "google", s_expiry));
        Assert.False(signer.Verify(state + "A", "consent1", "acme", "sales", "google", s_expiry));
    }

    [Fact]
    public void AStateSignedWithAnotherKeyDoesNotVerify()
    {
        var state = Signer(RandomNumberGenerator.GetBytes(32)).Sign("consent1", "acme", "sales", "google", s_expiry);

        Assert.False(Signer(RandomNumberGenerator.GetBytes(32)).Verify(state, "consent1", "acme", "sales", "google", s_expiry));
    }

    [Fact]
    public void TheSignatureIsAnHmacUnderAKeyDerivedFromTheSecretsKeyNotTheKeyItself()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var signed = "consent1\nacme\nsales\ngoogle\n1796510400000"u8.ToArray();

        var state = Signer(key).Sign("consent1", "acme", "sales", "google", s_expiry);

        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: [], info: "mailgrains oauth2 state v1"u8.ToArray());
        Assert.Equal("consent1." + Base64Url.EncodeToString(HMACSHA256.HashData(derived, signed)), state);
        Assert.NotEqual("consent1." + Base64Url.EncodeToString(HMACSHA256.HashData(key, signed)), state);
    }

    private static OAuth2StateSigner Signer(byte[] key) => new(Options.Create(new SecretOptions
    {
        CurrentKeyId = "k1",
        Keys = new() { ["k1"] = Convert.ToBase64String(key) },
    }));
}
