using System.Diagnostics;
using MailKit;
using MailKit.Search;

namespace MailGrains.Bench.Ceilings;

/// <summary>Ceilings of polling: what bare MailKit loops reach against the same Dovecot.</summary>
public static class PollCeiling
{
    /// <summary>
    /// Ceiling (d): new-session poll cycles per second (connect, LOGIN, EXAMINE INBOX, UID SEARCH, LOGOUT), from
    /// <paramref name="workers"/> loops over the users in turn.
    /// </summary>
    public static async Task<double> NewSessionsAsync(BenchEnvironment env, IReadOnlyList<MailUser> users, int workers, TimeSpan duration)
    {
        long cycles = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, workers), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (_, cancellationToken) =>
        {
            while (clock.Elapsed < duration)
            {
                var user = users[(int)((uint)Interlocked.Increment(ref next) % users.Count)];
                using var imap = await Imap.ConnectAsync(env, user, cancellationToken);
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                await imap.Inbox.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(1), UniqueId.MaxValue)), cancellationToken);
                await imap.DisconnectAsync(quit: true, cancellationToken);
                Interlocked.Increment(ref cycles);
            }
        });
        return cycles / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The kept-open ceiling: <paramref name="sessions"/> sessions opened beforehand (INBOX examined), each polling in
    /// turn with NOOP (which reports new mail in a selected folder); polls per second over all sessions.
    /// </summary>
    public static async Task<double> KeptOpenAsync(BenchEnvironment env, IReadOnlyList<MailUser> users, int sessions, TimeSpan duration)
    {
        var open = new List<MailKit.Net.Imap.ImapClient>();
        try
        {
            foreach (var user in users.Take(sessions))
            {
                var imap = await Imap.ConnectAsync(env, user);
                open.Add(imap);
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
            }

            long polls = 0;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = open.Count }, async (imap, cancellationToken) =>
            {
                while (clock.Elapsed < duration)
                {
                    await imap.NoOpAsync(cancellationToken);
                    Interlocked.Increment(ref polls);
                }
            });
            return polls / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var imap in open)
            {
                await imap.DisconnectAsync(quit: true);
                imap.Dispose();
            }
        }
    }
}
