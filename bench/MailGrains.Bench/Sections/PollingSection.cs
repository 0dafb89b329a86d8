using MailGrains.Bench.Ceilings;
using static MailGrains.Bench.ResultTable;

namespace MailGrains.Bench.Sections;

/// <summary>
/// 3. Polling: ceilings (d) new-session polls/s and kept-open polls/s first, then one silo growing through the
/// account counts: steady polling at the interval (polls/s, fetch lag, CPU), then all accounts due at once.
/// </summary>
public static class PollingSection
{
    private const int AccountsPerTenant = 100;
    private const int AccountsPerOwner = 10;
    private const int CeilingWorkers = 32;
    private const int KeptOpenSessions = 200;

    public static async Task<ResultTable> RunAsync(BenchRun run)
    {
        var o = run.Options;
        var table = new ResultTable($"Polling: {string.Join(" and ", o.PollAccounts.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} enabled accounts at a {o.PollIntervalSeconds} s interval, one silo");
        var users = await run.EmptyMailboxesAsync(o.PollAccounts[^1]);

        BenchRun.Log("polling: ceiling (d), new sessions");
        var ceilingTime = TimeSpan.FromSeconds(o.CeilingSeconds);
        var d = await PollCeiling.NewSessionsAsync(run.Env, users, CeilingWorkers, ceilingTime);
        BenchRun.Log("polling: kept-open ceiling");
        var keptOpen = await PollCeiling.KeptOpenAsync(run.Env, users, Math.Min(KeptOpenSessions, users.Count), ceilingTime);
        table.Add("(d) bare MailKit new-session poll cycles", $"{N(d)} /s");

        await using var prefix = run.NewPrefix();
        await using var silo = await run.StartSiloAsync(prefix);
        var fleet = new Fleet(silo.Grains, run.Env, "poll");
        var interval = TimeSpan.FromSeconds(o.PollIntervalSeconds);
        var kept = new List<(int Accounts, double PollsPerSecond, double ReusedShare)>();
        foreach (var count in o.PollAccounts)
        {
            var spread = Spread(o, count - fleet.AccountKeys.Count);
            try
            {
                kept.Add(await MeasureAsync(run, table, silo, fleet, users, count, interval, spread, d));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Keep what the smaller steps measured.
                BenchRun.Log($"polling: {count:N0} accounts failed: {ex}");
                table.Note($"{count:N0} accounts: the step failed with {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
                break;
            }
        }

        // The step whose burst ran most on kept sessions (every account within the silo's session budget).
        if (kept.OrderByDescending(k => k.ReusedShare).FirstOrDefault() is { Accounts: > 0 } best)
        {
            table.Add(
                $"sessions kept open between polls: polls/s ({best.Accounts:N0} accounts due at once, {best.ReusedShare:P0} of the sessions reused)",
                $"{N(best.PollsPerSecond)} /s", $"{N(keptOpen)} /s", Ratio(best.PollsPerSecond / d) + " × (d)", $"≥ 5 × (d) = {N(5 * d)} /s", best.PollsPerSecond >= 5 * d);
        }

        table.Add("kept-open ceiling ÷ (d)", Ratio(keptOpen / d));
        table.Note($"(d): {CeilingWorkers} bare MailKit loops for {o.CeilingSeconds} s over the same Dovecot users (connect, LOGIN, EXAMINE INBOX, UID SEARCH, LOGOUT; the product uses EXAMINE too). Dovecot runs in its high-performance login mode.");
        table.Note($"Kept-open ceiling: {KeptOpenSessions} sessions opened beforehand (INBOX examined), each sending NOOP in a loop for {o.CeilingSeconds} s. The product keeps an account's session open between polls when it polls at least every MailGrains:Mail:KeepImapSessionsUpToSeconds (300 s), at most MaxKeptImapSessions (1,000) per silo, and runs at most MaxConcurrentFetches (100) fetches at once; its row is the all-due-at-once burst that ran most on kept sessions.");
        table.Note($"Each account has its own Dovecot user; {AccountsPerTenant} accounts per tenant. Accounts are enabled evenly over {o.PollSpreadSeconds} s, or over whole intervals more where that would enable more than {o.PollEnableRate} accounts/s (the storage emulator's limit with the rest of the load; enabling starts one fetch at once, then the reminder ticks every interval), so due times spread evenly over the interval. The window opens when all are enabled and lasts one interval{(o.PollSpreadSeconds < o.PollIntervalSeconds ? " (the spread, in this run)" : "")}, so each account polls once in it. Polls/s counts fetches that started from a reminder tick (the product's mailgrains.fetch.lag measurements); the fetch lag is that instrument's value.");
        table.Note("mailgrains.fetch.lag starts at the tick's due time (the latest FirstTickTime + n × Period), so a reminder service that fires late shows in it as well as in Orleans' tardiness row.");
        table.Note("At a 60 s interval the accounts ask for fewer polls per second than (d) when they number under 60 × (d); polls/s ÷ (d) can then not reach 0.9 however fast the silo is. The all-due-at-once row compares the silo's polling capacity with (d).");
        return table;
    }

    /// <returns>The all-due-at-once rate and the share of its fetches that ran on a kept session.</returns>
    private static async Task<(int Accounts, double PollsPerSecond, double ReusedShare)> MeasureAsync(BenchRun run, ResultTable table, BenchSilo silo, Fleet fleet, IReadOnlyList<MailUser> users, int count, TimeSpan interval, TimeSpan spread, double d)
    {
        var o = run.Options;
        BenchRun.Log($"polling: enabling accounts up to {count:N0}, evenly over {spread.TotalSeconds} s");
        var creationStart = DateTime.UtcNow;
        await fleet.AddAsync([.. users.Skip(fleet.AccountKeys.Count).Take(count - fleet.AccountKeys.Count)], AccountsPerTenant, AccountsPerOwner, o.PollIntervalSeconds, spread);
        var creationEnd = DateTime.UtcNow;
        var writes = fleet.WriteSeconds;
        var timeouts = fleet.Timeouts;

        // Every account was enabled before the window opens, so in a window of one interval each polls once
        // (with a shorter spread, all first ticks fall in the window after one interval).
        var windowStart = Max(creationEnd + TimeSpan.FromSeconds(5), creationStart + interval);
        var window = spread < interval ? spread : interval;
        await Task.Delay(Max(windowStart - DateTime.UtcNow, TimeSpan.Zero));
        BenchRun.Log($"polling: measuring {count:N0} accounts for {window.TotalSeconds} s");
        var failuresBefore = silo.Fetches.Failures;
        var cpuBefore = BenchRun.Cpu();
        var measuredFrom = DateTime.UtcNow;
        await Task.Delay(window);
        var measuredTo = DateTime.UtcNow;
        var cores = (BenchRun.Cpu() - cpuBefore).TotalSeconds / (measuredTo - measuredFrom).TotalSeconds;
        var lags = run.Instruments.Lags(measuredFrom, measuredTo);
        var polls = lags.Count / (measuredTo - measuredFrom).TotalSeconds;
        var offered = count / window.TotalSeconds;
        var p99 = Quantile(lags, 0.99);
        var tardiness = run.Instruments.TardinessIn(measuredFrom, measuredTo);

        BenchRun.Log($"polling: all {count:N0} accounts due at once");
        // All requests at once. A grain answers only after the fetch it is running (the fetch timer does not
        // interleave), so a request may time out; such accounts are left out of the count.
        var failuresBeforeBurst = silo.Fetches.Failures;
        var burstAt = DateTime.UtcNow;
        var triggered = await Task.WhenAll(fleet.AccountKeys.Select(async key =>
        {
            try
            {
                return await fleet.Account(key).RequestFetchAsync() ? key : null;
            }
            catch (TimeoutException)
            {
                return null;
            }
        }));
        var keys = triggered.OfType<string>().ToHashSet();
        var burstDone = await BenchRun.WaitAsync(() => silo.Fetches.LastFinishedSince(burstAt, keys) is not null, TimeSpan.FromSeconds(60 + count / 50));
        var burstEnd = silo.Fetches.LastFinishedSince(burstAt, keys) ?? DateTime.UtcNow;
        var burst = silo.Fetches.FinishedSince(burstAt, keys) / (burstEnd - burstAt).TotalSeconds;
        var burstFailures = silo.Fetches.Failures - failuresBeforeBurst;
        var (sessions, reused) = run.Instruments.SessionsIn(burstAt, burstEnd.AddSeconds(1));
        var reusedShare = sessions == 0 ? 0 : (double)reused / sessions;

        var n = count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        table.Add($"{n} accounts: polls/s at the interval", $"{N(polls, 1)} /s", $"{N(offered, 1)} /s due", Ratio(polls / offered), "", null);
        table.Add($"{n} accounts: fetch lag p50 (mailgrains.fetch.lag)", $"{N(Quantile(lags, 0.5), 2)} s");
        table.Add($"{n} accounts: fetch lag p99", $"{N(p99, 2)} s", "", "", "< 5 s", lags.Count > 0 && p99 < 5);
        table.Add($"{n} accounts: reminder tardiness p99 (Orleans: schedule → tick)", tardiness.Count > 0 ? $"{N(Quantile(tardiness, 0.99), 2)} s" : "n/a");
        table.Add($"{n} accounts: silo CPU", $"{N(cores, 2)} cores", "", "", "< 1 core", cores < 1);
        table.Add($"{n} accounts: polls/s ÷ (d)", Ratio(polls / d), $"{N(d)} /s", Ratio(polls / d), "≥ 0.9", polls / d >= 0.9);
        table.Add($"{n} accounts: polls/s when all are due at once", $"{N(burst, 1)} /s", $"{N(d)} /s", Ratio(burst / d), "≥ 0.9", burstDone && burstFailures == 0 && burst / d >= 0.9);
        table.Add($"{n} accounts due at once: IMAP sessions reused (kept open since the last poll)", $"{reused:N0} of {sessions:N0}");
        table.Add($"{n} accounts: enabling took / account write p99 / max", $"{N((creationEnd - creationStart).TotalSeconds)} s / {N(Quantile(writes, 0.99), 2)} s / {N(writes.DefaultIfEmpty().Max(), 2)} s", $"{N(spread.TotalSeconds)} s planned");
        if (timeouts > 0)
        {
            table.Note($"{n} accounts: {timeouts} account writes timed out (no answer in 30 s) while accounts were being enabled and were sent again.");
        }

        if (keys.Count < count || burstFailures > 0 || !burstDone)
        {
            table.Note($"{n} accounts due at once: {count - keys.Count} fetch requests got no answer in 30 s (the grain was still fetching), {burstFailures} fetches failed{(burstDone ? "" : $", and only {silo.Fetches.FinishedSince(burstAt, keys)} of {keys.Count} requested fetches finished in time")}.");
        }

        if (silo.Fetches.Failures - burstFailures > failuresBefore)
        {
            table.Note($"{n} accounts: {silo.Fetches.Failures - burstFailures - failuresBefore} fetches failed while polling at the interval.");
        }

        return (count, burst, reusedShare);
    }

    /// <summary>The spread over which new accounts are enabled: the configured one, grown by whole intervals while the enable rate would be exceeded.</summary>
    private static TimeSpan Spread(BenchOptions o, int newAccounts)
    {
        var spread = TimeSpan.FromSeconds(o.PollSpreadSeconds);
        while (newAccounts / spread.TotalSeconds > o.PollEnableRate && spread >= TimeSpan.FromSeconds(o.PollIntervalSeconds))
        {
            spread += TimeSpan.FromSeconds(o.PollIntervalSeconds);
        }

        return spread;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
