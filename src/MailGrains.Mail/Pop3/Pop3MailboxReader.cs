using System.Runtime.CompilerServices;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using MailKit.Net.Pop3;

namespace MailGrains.Mail.Pop3;

/// <summary>
/// Reads a POP3 mailbox, which mail leaves: nothing is deleted before it is stored. The caller stores each
/// <see cref="Pop3Batch"/> (and remembers its UIDLs durably) before it asks for the next item; only then are that
/// batch's messages, and the already stored ones beside them, marked deleted (DELE). The deletions take effect at
/// QUIT, after the last batch, and are reported as <see cref="Pop3Deleted"/>. A read that does not end (an error, a
/// crash, the caller stopping) never sends QUIT, so the server keeps every message; the next read finds their UIDLs
/// remembered and deletes them without returning them again. A message larger than the limit is read by its header
/// alone and stays on the server. Messages the caller leaves alone (<see cref="Pop3Leave"/>: those that were on the
/// server when the account began importing from "now") are neither returned nor deleted. Server trouble comes out as a
/// <see cref="MailException"/>.
/// </summary>
public sealed class Pop3MailboxReader(MailConnector connector)
{
    /// <summary>What LIST announced for a batch may be exceeded by this much (response lines, dot-stuffing).</summary>
    private const long BudgetSlack = 1024 * 1024;

    public async IAsyncEnumerable<Pop3Read> ReadAsync(
        MailEndpoint endpoint,
        IReadOnlySet<string> stored,
        ReadLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        Pop3Leave? leave = null)
    {
        leave ??= Pop3Leave.Nothing;
        var pop = await MailErrors.GuardAsync(endpoint, () => OpenAsync(endpoint, cancellationToken), cancellationToken);
        using (pop)
        {
            var (uidls, sizes) = await MailErrors.GuardAsync(endpoint, () => ListAsync(pop, cancellationToken), cancellationToken);
            yield return new Pop3Listed(uidls.ToHashSet(StringComparer.Ordinal));

            var known = stored.Where(uidls.Contains).ToHashSet(StringComparer.Ordinal);
            var left = new HashSet<string>(leave.EverythingListed ? uidls : uidls.Where(leave.Kept), StringComparer.Ordinal);
            var budget = MailConnector.BudgetOf(pop);
            var deleted = new List<string>();
            foreach (var chunk in SizeBoundedChunks.Of(Enumerable.Range(0, sizes.Length), i => sizes[i], limits.BatchSize, limits.MaxBatchBytes))
            {
                var fresh = chunk.Where(i => !known.Contains(uidls[i]) && !left.Contains(uidls[i])).ToList();
                if (fresh.Count > 0)
                {
                    budget?.Allow(fresh.Sum(i => sizes[i]) + BudgetSlack);
                    var messages = await MailErrors.GuardAsync(endpoint, () => RetrieveAsync(pop, fresh, uidls, sizes, limits.MaxMessageBytes, cancellationToken), cancellationToken);
                    budget?.Reset();
                    yield return new Pop3Batch(messages);
                }

                // Asked for more: the batch is stored. A message too large to download stays on the server, and so does one left alone.
                var delete = chunk.Where(i => sizes[i] <= limits.MaxMessageBytes && !left.Contains(uidls[i])).ToList();
                if (delete.Count > 0)
                {
                    await MailErrors.GuardAsync(endpoint, async () => { await pop.DeleteMessagesAsync(delete, cancellationToken); return true; }, cancellationToken);
                    deleted.AddRange(delete.Select(i => uidls[i]));
                }
            }

            await MailErrors.GuardAsync(endpoint, async () => { await pop.DisconnectAsync(quit: true, cancellationToken); return true; }, cancellationToken);
            yield return new Pop3Deleted(deleted);
        }
    }

    private async Task<Pop3Client> OpenAsync(MailEndpoint endpoint, CancellationToken cancellationToken)
    {
        var pop = await connector.ConnectPop3Async(endpoint, cancellationToken);
        if (!pop.Capabilities.HasFlag(Pop3Capabilities.UIDL))
        {
            pop.Dispose();
            throw new MailException(new MailError(MailErrorKind.Command, $"{endpoint.Host} does not support UIDL, which is needed to fetch each message exactly once."));
        }

        return pop;
    }

    /// <summary>The UIDLs and sizes by message number; a size the server did not list counts as 0, a negative one as 0.</summary>
    private static async Task<(IList<string> Uidls, long[] Sizes)> ListAsync(Pop3Client pop, CancellationToken cancellationToken)
    {
        var uidls = await pop.GetMessageUidsAsync(cancellationToken);
        var listed = await pop.GetMessageSizesAsync(cancellationToken);
        var sizes = Enumerable.Range(0, uidls.Count).Select(i => i < listed.Count ? Math.Max(0L, listed[i]) : 0L).ToArray();
        return (uidls, sizes);
    }

    /// <summary>
    /// The messages in order, whole; those the server lists as larger than <paramref name="maxMessageBytes"/> by their
    /// header alone (TOP n 0), so that one huge message neither fills the silo's memory nor one grain message.
    /// </summary>
    private static async Task<IReadOnlyList<Pop3Message>> RetrieveAsync(
        Pop3Client pop, List<int> indexes, IList<string> uidls, long[] sizes, long maxMessageBytes, CancellationToken cancellationToken)
    {
        var messages = new List<Pop3Message>(indexes.Count);
        foreach (var run in indexes.ChunkBy(i => sizes[i] > maxMessageBytes))
        {
            var streams = await pop.GetStreamsAsync(run.Items, headersOnly: run.Key, cancellationToken);
            for (var n = 0; n < streams.Count; n++)
            {
                await using var stream = streams[n];
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancellationToken);
                messages.Add(new Pop3Message(uidls[run.Items[n]], copy.ToArray(), run.Key));
            }
        }

        return messages;
    }
}
