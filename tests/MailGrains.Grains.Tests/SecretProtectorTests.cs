using System.Security.Cryptography;
using MailGrains.Grains.Secrets;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tests;

/// <summary>Passwords at rest: encrypted, bound to their account and field, readable across a key rotation.</summary>
public sealed class SecretProtectorTests
{
    private static readonly string s_keyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string s_keyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void ASecretRoundTripsAndItsCiphertextDoesNotContainIt()
    {
        var protector = Protector("a", ("a", s_keyA));

        var secret = protector.Protect("hunter2-hunter2", "acme/sales:incoming");

        Assert.Equal("a", secret.KeyId);
        Assert.Equal("hunter2-hunter2", protector.Unprotect(secret, "acme/sales:incoming"));
        Assert.True(secret.Ciphertext.AsSpan().IndexOf("hunter2"u8) < 0, "the ciphertext must not contain the password");
    }

    [Fact]
    public void ACiphertextCopiedToAnotherAccountOrFieldDoesNotDecrypt()
    {
        var protector = Protector("a", ("a", s_keyA));
        var secret = protector.Protect("pw", "acme/sales:incoming");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(secret, "acme/other:incoming"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(secret, "acme/sales:outgoing"));
    }

    [Fact]
    public void AfterARotationOldSecretsStillDecryptAndRotateToTheNewKey()
    {
        var secret = Protector("a", ("a", s_keyA)).Protect("pw", "p");
        var rotated = Protector("b", ("a", s_keyA), ("b", s_keyB));

        Assert.False(rotated.IsCurrent(secret));
        var renewed = rotated.Rotate(secret, "p");

        Assert.Equal("b", renewed.KeyId);
        Assert.Equal("pw", Protector("b", ("b", s_keyB)).Unprotect(renewed, "p"));
    }

    [Theory]
    [InlineData("missing", "a")]
    [InlineData("a", "not-base64!")]
    [InlineData("a", "c2hvcnQ=")]
    public void OptionsWithoutAUsableCurrentKeyAreRefused(string currentKeyId, string key)
    {
        var options = new SecretOptions { CurrentKeyId = currentKeyId, Keys = { ["a"] = key == "a" ? s_keyA : key } };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.NotEmpty(results);
    }

    private static SecretProtector Protector(string current, params (string Id, string Key)[] keys)
        => new(Options.Create(new SecretOptions { CurrentKeyId = current, Keys = keys.ToDictionary(k => k.Id, k => k.Key) }));
}
