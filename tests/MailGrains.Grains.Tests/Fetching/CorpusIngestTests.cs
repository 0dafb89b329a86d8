using System.Security.Cryptography;
using MailGrains.Mail.Messages;
using MailGrains.Testing;
using MimeKit;
using Xunit.Abstractions;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>Every message of the shared corpus of odd and broken mail, appended unchanged, becomes exactly one activity holding its exact bytes.</summary>
[Collection(SharedClusters.Fetching)]
public sealed class CorpusIngestTests(OneSiloCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan s_fetchPatience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task EveryCorpusMessageBecomesOneActivityWithTheServersBytesAndTheDigestersFlags()
    {
        var corpus = CorpusMessages();
        await using var mailbox = await TestMailbox.CreateAsync("corpus");
        var uids = await RawImap.AppendAsync(mailbox, "INBOX", corpus.Select(m => m.Raw));
        var names = uids.Zip(corpus, (uid, message) => (uid, message.Name)).ToDictionary(p => p.uid, p => p.Name);

        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        var status = await account.WaitForCursorAsync("INBOX", p => p.LastUid == uids.Max(), s_fetchPatience, "the corpus to be fetched");
        var server = await account.ServerRawAsync("INBOX");
        var activities = await account.ListAllAsync();

        // A message the server holds twice, byte for byte, is one activity (the same id): group UIDs by content.
        var content = server.ToDictionary(m => m.Key, m => Convert.ToHexStringLower(SHA256.HashData(m.Value)));
        var distinct = content.Values.Distinct(StringComparer.Ordinal).Count();
        foreach (var twice in server.Keys.GroupBy(uid => content[uid]).Where(g => g.Count() > 1))
        {
            output.WriteLine($"the same bytes on the server: {string.Join(", ", twice.Select(uid => $"{uid} ({names[uid]})"))}");
        }

        Assert.Equal(corpus.Count, uids.Count);
        Assert.Equal(uids.Order(), server.Keys.Order());
        Assert.Equal(distinct, status.Fetched);
        Assert.Equal(distinct, activities.Count);
        Assert.Equal(activities.Count, activities.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(content.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), activities.Select(a => content[a.Location!.Uid]).Order(StringComparer.Ordinal));
        foreach (var activity in activities)
        {
            var uid = activity.Location!.Uid;
            var expected = MessageDigester.Digest(server[uid]);
            output.WriteLine($"{uid,3} {names[uid],-45} {server[uid].Length,7} bytes  flags [{string.Join(", ", activity.Flags)}]");
            var stored = await account.Owner.GetRawAsync(activity.Id);
            Assert.True(stored is not null && server[uid].AsSpan().SequenceEqual(stored), $"the raw bytes of {names[uid]} differ from the server's");
            Assert.Equal(expected.Flags, activity.Flags);
            Assert.Equal(expected.MessageId, activity.MessageId);
            Assert.Equal(server[uid].Length, activity.Size);
        }

        Assert.Contains(activities, a => a.Flags.Contains(MessageFlags.NoMessageId));
        Assert.Contains(activities, a => a.Flags.Contains(MessageFlags.Malformed));
    }

    /// <summary>Each corpus file as it is, except the mbox, which is split into its messages; LICENSE is no message.</summary>
    private static List<(string Name, byte[] Raw)> CorpusMessages()
    {
        var messages = new List<(string Name, byte[] Raw)>();
        foreach (var path in Directory.GetFiles(TestServices.MimeCorpusFolder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var raw = File.ReadAllBytes(path);
            if (name == "LICENSE")
            {
                continue;
            }

            if (!name.EndsWith(".mbox", StringComparison.Ordinal))
            {
                messages.Add((name, raw));
                continue;
            }

            var parts = SplitMbox(raw);
            Assert.True(parts.Count > 1, $"{name} split into {parts.Count} messages");
            messages.AddRange(parts.Select((part, i) => ($"{name}#{i + 1}", part)));
        }

        Assert.True(messages.Count >= 50, $"the corpus at {TestServices.MimeCorpusFolder} is missing");
        return messages;
    }

    /// <summary>The bytes of each top-level message of an mbox, as MimeKit's parser delimits them (without the From_ line).</summary>
    private static List<byte[]> SplitMbox(byte[] mbox)
    {
        using var stream = new MemoryStream(mbox, writable: false);
        var parser = new MimeParser(stream, MimeFormat.Mbox);
        var parts = new List<byte[]>();
        parser.MimeMessageEnd += (_, e) =>
        {
            if (e.Parent is null)
            {
                parts.Add(mbox[(int)e.BeginOffset..(int)e.EndOffset]);
            }
        };
        while (!parser.IsEndOfStream)
        {
            parser.ParseMessage();
        }

        return parts;
    }
}
