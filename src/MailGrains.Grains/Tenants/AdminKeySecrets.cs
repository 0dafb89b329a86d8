using System.Security.Cryptography;
using System.Text;

namespace MailGrains.Grains.Tenants;

/// <summary>Makes admin keys and their salted hashes; compares in constant time.</summary>
internal static class AdminKeySecrets
{
    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static AdminKeyHash Hash(string secret, DateTimeOffset createdAt)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new AdminKeyHash(salt, HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret)), createdAt);
    }

    public static bool Matches(AdminKeyHash stored, string secret)
        => CryptographicOperations.FixedTimeEquals(stored.Hash, HMACSHA256.HashData(stored.Salt, Encoding.UTF8.GetBytes(secret)));
}
