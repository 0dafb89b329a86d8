using System.Diagnostics;
using static MailGrains.Bench.ResultTable;

namespace MailGrains.Bench.Sections;

/// <summary>
/// 2. Idle accounts: enabled accounts on empty mailboxes, each activated by its first fetch; managed memory and
/// stored bytes per account (grain state of accounts, owners and tenant directories, reminder rows).
/// </summary>
public static class IdleSection
{
    private const int AccountsPerTenant = 100;
    private const int AccountsPerOwner = 10;
    private const int WarmUpAccounts = 20;

    public static async Task<ResultTable> RunAsync(BenchRun run)
    {
        var count = run.Options.IdleAccounts;
        var table = new ResultTable($"Idle accounts: {count:N0} activated accounts with empty mailboxes");
        BenchRun.Log($"idle: {count:N0} mailboxes");
        var users = await run.EmptyMailboxesAsync(count);
        await using var prefix = run.NewPrefix();
        await using var silo = await run.StartSiloAsync(prefix);

        // A few accounts of their own tenant first, so that first-use costs (code, pools, tables) are not counted.
        var warmUp = new Fleet(silo.Grains, run.Env, "warm");
        var warmAt = DateTime.UtcNow;
        var warmKeys = (await warmUp.AddAsync([.. users.Take(WarmUpAccounts)], AccountsPerTenant, AccountsPerOwner, 3600, TimeSpan.Zero)).ToHashSet();
        await BenchRun.WaitAsync(() => silo.Fetches.LastFinishedSince(warmAt, warmKeys) is not null, TimeSpan.FromSeconds(60));
        await Task.Delay(1000);
        var heapBefore = BenchRun.SettledHeap();
        var bytesBefore = await prefix.TableBytesAsync();

        BenchRun.Log($"idle: enabling {count:N0} accounts");
        var fleet = new Fleet(silo.Grains, run.Env, "idle");
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var keys = (await fleet.AddAsync(users, AccountsPerTenant, AccountsPerOwner, 3600, TimeSpan.Zero)).ToHashSet();
        var written = clock.Elapsed.TotalSeconds;
        var writes = fleet.WriteSeconds;
        var fetched = await BenchRun.WaitAsync(() => silo.Fetches.LastFinishedSince(started, keys) is not null, TimeSpan.FromSeconds(120 + count / 20));
        var allFetched = clock.Elapsed.TotalSeconds;
        await Task.Delay(2000);
        var perAccount = (BenchRun.SettledHeap() - heapBefore) / (double)count;
        var bytesAfter = await prefix.TableBytesAsync();
        var storedPerAccount = bytesAfter.Sum(t => t.Value - bytesBefore.GetValueOrDefault(t.Key)) / (double)count;

        table.Add("managed memory per activated account", $"{N(perAccount / 1024, 1)} KB", "", "", "≤ 10 KB", fetched && perAccount <= 10 * 1024);
        table.Add("stored bytes per account", $"{N(storedPerAccount)} B", "", "", "≤ 2 KB", storedPerAccount <= 2048);
        foreach (var (name, bytes) in bytesAfter.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            table.Add($"… of which table {name}", $"{N((bytes - bytesBefore.GetValueOrDefault(name)) / (double)count)} B");
        }

        table.Add("accounts written (tenant grain → account grain → reminder)", $"{N(count / written)} /s");
        table.Add("accounts enabled and fetched once", $"{N(count / allFetched)} /s");
        table.Add("account write p50 / p99 / max", $"{N(Quantile(writes, 0.5), 2)} s / {N(Quantile(writes, 0.99), 2)} s / {N(writes.DefaultIfEmpty().Max(), 2)} s");
        if (fleet.Timeouts > 0)
        {
            table.Note($"{fleet.Timeouts} account writes timed out (no answer in 30 s) and were sent again.");
        }
        table.Note($"{AccountsPerTenant} accounts per tenant, {AccountsPerOwner} per owner, each on its own Dovecot user; memory counts the accounts' grains with their share of owner and tenant grains and of the reminder service, after forced full collections.");
        table.Note("Stored bytes follow Azure Table's entity size formula over the rows the accounts added (grain state of accounts, owners and tenants; reminder rows); no activities, the mailboxes are empty.");
        if (!fetched)
        {
            table.Note($"Only {silo.Fetches.FinishedSince(started, keys)} of {count} accounts finished their first fetch in time: memory is not comparable.");
        }

        return table;
    }
}
