using System.Security.Cryptography;
using MailGrains.Perimeter;

namespace MailGrains.Testing;

/// <summary>
/// The operator key of this test run: the gateways the tests start hold it, the silos its SHA-256
/// (<c>MailGrains:OperatorKeySha256</c>). A test that calls an operator-only grain method from a client carries it
/// with <see cref="ActAsync{T}"/>, as the gateway does on its operator routes.
/// </summary>
public static class TestOperator
{
    public static string Key { get; } = "test-operator-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The silo's setting for <see cref="Key"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SiloSettings()
    {
        yield return new("MailGrains:OperatorKeySha256", OperatorProof.Sha256Hex(Key));
    }

    /// <summary>Makes the grain calls of <paramref name="call"/> carry <see cref="Key"/>.</summary>
    public static async Task<T> ActAsync<T>(Func<Task<T>> call)
    {
        OperatorProof.Attach(Key);
        try
        {
            return await call();
        }
        finally
        {
            OperatorProof.Detach();
        }
    }
}
