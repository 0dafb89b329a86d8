using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace MailGrains.Bench.Ceilings;

/// <summary>
/// Ceiling (a): a bare MailKit loop reading whole mailboxes, one session per mailbox, all in parallel:
/// EXAMINE, UID SEARCH ALL, then bodies by <c>GetStreams</c> in batches, each parsed by <c>MimeMessage.Load</c>.
/// </summary>
public static class ImapFetchCeiling
{
    public static async Task<(long Messages, double Seconds)> RunAsync(BenchEnvironment env, IReadOnlyList<MailUser> users, int batchSize)
    {
        long messages = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = users.Count }, async (user, cancellationToken) =>
        {
            using var imap = await Imap.ConnectAsync(env, user, cancellationToken);
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var uids = await imap.Inbox.SearchAsync(SearchQuery.All, cancellationToken);
            foreach (var batch in uids.Chunk(batchSize))
            {
                await ((ImapFolder)imap.Inbox).GetStreamsAsync(batch, (_, _, _, stream, token) =>
                {
                    MimeMessage.Load(stream, token).Dispose();
                    Interlocked.Increment(ref messages);
                    return Task.CompletedTask;
                }, cancellationToken);
            }

            await imap.DisconnectAsync(quit: true, cancellationToken);
        });
        return (messages, clock.Elapsed.TotalSeconds);
    }
}
