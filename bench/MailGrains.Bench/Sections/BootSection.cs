using System.Diagnostics;
using MailGrains.Accounts;
using Microsoft.Extensions.DependencyInjection;
using static MailGrains.Bench.ResultTable;

namespace MailGrains.Bench.Sections;

/// <summary>
/// 4. Boot: account reminders registered in the silo's reminder table (through Orleans' own <see cref="IReminderTable"/>,
/// so the rows are exactly the provider's), then a fresh silo started on that table: time until ticks flow.
/// </summary>
public static class BootSection
{
    public static async Task<ResultTable> RunAsync(BenchRun run)
    {
        var count = run.Options.BootReminders;
        var period = TimeSpan.FromSeconds(run.Options.PollIntervalSeconds);
        var table = new ResultTable($"Boot: a silo start with {count:N0} account reminders ({period.TotalSeconds} s period)");
        await using var prefix = run.NewPrefix();

        BenchRun.Log($"boot: registering {count:N0} reminders");
        double writeRate;
        await using (var writer = await run.StartSiloAsync(prefix))
        {
            var reminders = writer.Services.GetRequiredService<IReminderTable>();
            var now = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();

            // Due times spread evenly over one period, as accounts enabled at random times have them.
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
                await reminders.UpsertRow(new ReminderEntry
                {
                    GrainId = writer.Grains.GetGrain<IMailAccountGrain>(GrainKeys.Scoped("boot" + (i / 100), "a" + i)).GetGrainId(),
                    ReminderName = "fetch",
                    StartAt = now - period * i / count,
                    Period = period,
                }, cancellationToken));
            writeRate = count / clock.Elapsed.TotalSeconds;
        }

        BenchRun.Log("boot: starting a fresh silo on that table");
        var startedAt = DateTime.UtcNow;
        var cpuBefore = BenchRun.Cpu();
        var clockBoot = Stopwatch.StartNew();
        await using var silo = await run.StartSiloAsync(prefix);
        var hostStarted = clockBoot.Elapsed.TotalSeconds;
        var flowing = await BenchRun.WaitAsync(() => run.Instruments.FirstTickSince(startedAt) is not null, TimeSpan.FromSeconds(180));
        var firstTick = (run.Instruments.FirstTickSince(startedAt) ?? DateTime.UtcNow) - startedAt;

        // The rate once flowing: every reminder is due once a period, so count/period ticks per second is the goal.
        var rateWindow = TimeSpan.FromSeconds(run.Options.Quick ? 10 : 20);
        var rateFrom = DateTime.UtcNow;
        var ticksBefore = run.Instruments.TicksSince(startedAt);
        await Task.Delay(rateWindow);
        var rate = (run.Instruments.TicksSince(startedAt) - ticksBefore) / (DateTime.UtcNow - rateFrom).TotalSeconds;
        var expected = count / period.TotalSeconds;

        double? allTicked = null;
        if (!run.Options.Quick)
        {
            BenchRun.Log("boot: waiting until every reminder has ticked once");
            await BenchRun.WaitAsync(() => run.Instruments.TicksSince(startedAt) >= count, period * 3);
            allTicked = run.Instruments.NthTickSince(startedAt, count) is { } last ? (last - startedAt).TotalSeconds : null;
        }

        var cores = (BenchRun.Cpu() - cpuBefore).TotalSeconds / clockBoot.Elapsed.TotalSeconds;
        var tardiness = run.Instruments.TardinessIn(startedAt, DateTime.MaxValue);
        table.Add("silo host started (StartAsync returned)", $"{N(hostStarted, 1)} s");
        table.Add("start → first reminder tick delivered", flowing ? $"{N(firstTick.TotalSeconds, 1)} s" : "none in 180 s", "", "", "< 60 s", flowing && firstTick.TotalSeconds < 60);
        table.Add($"ticks/s over {rateWindow.TotalSeconds} s after the first", $"{N(rate)} /s", $"{N(expected)} /s due", Ratio(rate / expected));
        if (allTicked is { } all)
        {
            table.Add("start → every reminder ticked once", $"{N(all, 1)} s", $"{N(period.TotalSeconds)} s (one period)", Ratio(period.TotalSeconds / all));
        }
        else if (!run.Options.Quick)
        {
            table.Add("start → every reminder ticked once", $"not within {N(3 * period.TotalSeconds)} s ({N(run.Instruments.TicksSince(startedAt))} ticks)");
        }

        table.Add("reminder tardiness p99 (Orleans' measure)", tardiness.Count > 0 ? $"{N(Quantile(tardiness, 0.99), 2)} s" : "n/a");
        table.Add("silo CPU from start", $"{N(cores, 2)} cores");
        table.Add("registering reminders (IReminderTable.UpsertRow, 64 in parallel)", $"{N(writeRate)} /s");
        table.Note("The reminders belong to account grains without stored accounts: each tick activates the grain (one state read), which then ignores it, so the figures are the reminder service's and the activations', not fetches'.");
        return table;
    }
}
