namespace MailGrains.Grains.Secrets;

/// <summary>A secret encrypted with AES-GCM under the key <see cref="KeyId"/>; what grain state holds instead of a password.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.EncryptedSecret")]
public sealed record EncryptedSecret(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Nonce,
    [property: Id(2)] byte[] Ciphertext,
    [property: Id(3)] byte[] Tag);
