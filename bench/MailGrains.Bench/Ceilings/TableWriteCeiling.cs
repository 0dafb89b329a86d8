using System.Diagnostics;
using Azure.Data.Tables;

namespace MailGrains.Bench.Ceilings;

/// <summary>
/// Ceiling (b): a bare Azure.Data.Tables loop writing one index row per message (about 300 bytes: ids, sender,
/// subject, date, size) in batch transactions of 100, one partition per account, all accounts in parallel.
/// </summary>
public static class TableWriteCeiling
{
    public static async Task<(long Rows, double Seconds)> RunAsync(string connectionString, string tableName, int accounts, int messages)
    {
        var table = new TableClient(connectionString, tableName);
        await table.CreateIfNotExistsAsync();
        long rows = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts), new ParallelOptions { MaxDegreeOfParallelism = accounts }, async (account, cancellationToken) =>
        {
            foreach (var batch in Enumerable.Range(0, messages).Chunk(100))
            {
                var actions = batch.Select(n => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"bench|{account}", $"m|{n:D8}")
                {
                    ["MessageId"] = $"bench{n}.{account}@example.test",
                    ["From"] = $"sender{n % 97}@example.test",
                    ["Subject"] = $"Bench message {n}: viewing",
                    ["Date"] = DateTimeOffset.UnixEpoch.AddMinutes(n),
                    ["Size"] = 1500,
                    ["Folder"] = "INBOX",
                    ["Uid"] = n + 1,
                    ["Sha256"] = Convert.ToHexString(BitConverter.GetBytes((long)n * account)),
                })).ToList();
                await table.SubmitTransactionAsync(actions, cancellationToken);
                Interlocked.Add(ref rows, actions.Count);
            }
        });
        return (rows, clock.Elapsed.TotalSeconds);
    }
}
