using System.Diagnostics;
using Azure.Data.Tables;

namespace MailGrains.Bench.Ceilings;

/// <summary>
/// Ceiling (b): a bare Azure.Data.Tables loop writing one index row per message (about 300 bytes: ids, sender,
/// subject, date, size) in batch transactions of 100, one partition per account, all accounts in parallel.
/// With <c>rawBytes</c>, each row also carries that many bytes in 60 KiB binary properties and a transaction
/// holds at most 3 MiB: the shape in which the product keeps raw messages up to 256 KiB.
/// </summary>
public static class TableWriteCeiling
{
    private const int Chunk = 60 * 1024;
    private const int MaxBatchBytes = 3 * 1024 * 1024;

    public static async Task<(long Rows, double Seconds)> RunAsync(string connectionString, string tableName, int accounts, int messages, int rawBytes = 0)
    {
        var table = new TableClient(connectionString, tableName);
        await table.CreateIfNotExistsAsync();
        var raw = new byte[rawBytes];
        Random.Shared.NextBytes(raw);
        var perBatch = Math.Clamp(MaxBatchBytes / Math.Max(1, rawBytes + 1024), 1, 100);
        long rows = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = accounts }, async (account, cancellationToken) =>
        {
            foreach (var batch in Enumerable.Range(0, messages).Chunk(perBatch))
            {
                var actions = batch.Select(n => new TableTransactionAction(TableTransactionActionType.Add, Row(account, n, raw))).ToList();
                await table.SubmitTransactionAsync(actions, cancellationToken);
                Interlocked.Add(ref rows, actions.Count);
            }
        });
        return (rows, clock.Elapsed.TotalSeconds);
    }

    private static TableEntity Row(int account, int n, byte[] raw)
    {
        var row = new TableEntity($"bench|{account}", $"m|{n:D8}")
        {
            ["MessageId"] = $"bench{n}.{account}@example.test",
            ["From"] = $"sender{n % 97}@example.test",
            ["Subject"] = $"Bench message {n}: viewing",
            ["Date"] = DateTimeOffset.UnixEpoch.AddMinutes(n),
            ["Size"] = 1500,
            ["Folder"] = "INBOX",
            ["Uid"] = n + 1,
            ["Sha256"] = Convert.ToHexString(BitConverter.GetBytes((long)n * account)),
        };
        for (var offset = 0; offset < raw.Length; offset += Chunk)
        {
            row[$"Raw{offset / Chunk}"] = raw.AsSpan(offset, Math.Min(Chunk, raw.Length - offset)).ToArray();
        }

        return row;
    }
}
