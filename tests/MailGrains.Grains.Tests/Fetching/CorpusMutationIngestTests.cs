using System.Security.Cryptography;
using MailGrains.Testing;
using Xunit.Abstractions;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// The corpus mutated as hostile or broken mailers mangle mail (cut short, flipped bytes, huge headers, deep
/// nesting, thousands of parts): every mutated message the server holds becomes exactly one activity with its
/// exact bytes, nothing stops the fetch, and the mail after them arrives. Real Dovecot, Azurite and Orleans.
/// </summary>
[Collection(SharedClusters.Fetching)]
public sealed class CorpusMutationIngestTests(OneSiloCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryMutatedCorpusMessageBecomesOneActivityAndTheMailAfterThemArrives()
    {
        await using var mailbox = await TestMailbox.CreateAsync("mutants");
        var mutations = CorpusMutations.All(perMessage: 2).ToList();
        var held = new List<(string Name, byte[] Raw)>();
        foreach (var mutation in mutations)
        {
            try
            {
                await RawImap.AppendAsync(mailbox, "INBOX", [mutation.Raw]);
                held.Add(mutation);
            }
            catch (InvalidOperationException refused)
            {
                output.WriteLine($"the server itself refused {mutation.Name}: {refused.Message}");
            }
        }

        var last = await RawImap.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == last[0], TimeSpan.FromMinutes(3), "every mutated mail and the one after them");

        var server = await account.ServerRawAsync("INBOX");
        var distinct = server.Values.Select(raw => Convert.ToHexStringLower(SHA256.HashData(raw))).Distinct(StringComparer.Ordinal).Count();
        var activities = await account.ListAllAsync();
        Assert.True(held.Count >= mutations.Count * 9 / 10, $"the server held only {held.Count} of {mutations.Count} mutated messages");
        Assert.Null(status.LastError);
        Assert.Equal(distinct, activities.Count);
        Assert.Equal(distinct, status.Fetched);
        Assert.Contains(activities, a => a.Subject == "Test message 1");
        foreach (var activity in activities)
        {
            var raw = await account.Owner.GetRawAsync(activity.Id);
            Assert.True(raw is not null && raw.AsSpan().SequenceEqual(server[activity.Location!.Uid]), $"the raw bytes of UID {activity.Location!.Uid} differ from the server's");
        }
    }
}
