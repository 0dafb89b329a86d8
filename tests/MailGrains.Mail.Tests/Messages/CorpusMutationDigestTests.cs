using System.Security.Cryptography;
using MailGrains.Mail.Messages;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Messages;

/// <summary>Every mutation of the corpus is digested without an exception: its exact size and hash, a bounded snippet, flags for what is broken.</summary>
public sealed class CorpusMutationDigestTests
{
    [Fact]
    public void EveryMutatedCorpusMessageIsDigestedWithoutThrowing()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var (name, raw) in CorpusMutations.All(perMessage: 20))
        {
            count++;
            try
            {
                var digest = MessageDigester.Digest(raw);
                if (digest.Size != raw.Length || digest.Sha256 != Convert.ToHexStringLower(SHA256.HashData(raw)) || digest.Snippet.Length > 200)
                {
                    failures.Add($"{name}: wrong size, hash or snippet");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(count > 500, $"only {count} mutations");
        Assert.Empty(failures);
    }
}
