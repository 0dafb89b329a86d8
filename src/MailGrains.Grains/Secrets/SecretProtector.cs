using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Secrets;

/// <summary>
/// Encrypts secrets with AES-256-GCM. The purpose (e.g. <c>acme/sales:incoming</c>) is bound in as associated
/// data, so a ciphertext copied to another account or field does not decrypt.
/// </summary>
public sealed class SecretProtector(IOptions<SecretOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedSecret Protect(string plaintext, string purpose)
    {
        var keyId = options.Value.CurrentKeyId;
        var data = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[data.Length];
        var tag = new byte[TagSize];
        using var aes = new AesGcm(Key(keyId), TagSize);
        aes.Encrypt(nonce, data, ciphertext, tag, Encoding.UTF8.GetBytes(purpose));
        return new EncryptedSecret(keyId, nonce, ciphertext, tag);
    }

    public string Unprotect(EncryptedSecret secret, string purpose)
    {
        var data = new byte[secret.Ciphertext.Length];
        using var aes = new AesGcm(Key(secret.KeyId), TagSize);
        aes.Decrypt(secret.Nonce, secret.Ciphertext, secret.Tag, data, Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(data);
    }

    /// <summary>Whether the secret is encrypted under the current key.</summary>
    public bool IsCurrent(EncryptedSecret secret) => secret.KeyId == options.Value.CurrentKeyId;

    /// <summary>The same secret under the current key; unchanged when it already uses it.</summary>
    public EncryptedSecret Rotate(EncryptedSecret secret, string purpose)
        => IsCurrent(secret) ? secret : Protect(Unprotect(secret, purpose), purpose);

    private byte[] Key(string keyId) => options.Value.Keys.TryGetValue(keyId, out var key)
        ? Convert.FromBase64String(key)
        : throw new CryptographicException($"Secret key '{keyId}' is not configured (MailGrains:Secrets:Keys).");
}
