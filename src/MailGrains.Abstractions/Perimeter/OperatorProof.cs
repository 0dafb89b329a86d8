using System.Security.Cryptography;
using System.Text;

namespace MailGrains.Perimeter;

/// <summary>
/// The operator key carried with a client's calls to <see cref="OperatorOnlyAttribute"/> methods, in the Orleans
/// request context of the calling flow. The silo that receives the call hashes it, compares the hash in constant time
/// with <c>MailGrains:OperatorKeySha256</c> and removes it from the context before the grain runs, so it travels no
/// further than the one TLS hop.
/// </summary>
public static class OperatorProof
{
    /// <summary>The request-context entry that holds the key.</summary>
    public const string ContextKey = "mailgrains-operator-key";

    /// <summary>Sends <paramref name="operatorKey"/> with the grain calls made from this flow until <see cref="Detach"/>.</summary>
    public static void Attach(string operatorKey) => RequestContext.Set(ContextKey, operatorKey);

    /// <summary>Stops sending the key with this flow's calls.</summary>
    public static void Detach() => RequestContext.Remove(ContextKey);

    /// <summary>The value of <c>MailGrains:OperatorKeySha256</c> for <paramref name="operatorKey"/>: SHA-256 of its UTF-8 bytes, lower-case hex.</summary>
    public static string Sha256Hex(string operatorKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey)));
}
