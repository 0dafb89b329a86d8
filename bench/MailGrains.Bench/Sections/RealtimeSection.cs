using MailGrains.Bench.Sections.Realtime;

namespace MailGrains.Bench.Sections;

/// <summary>
/// 5. Real time (issue 14): IMAP IDLE push and signed webhooks, on one silo with a passive receiver in the bench
/// process: (a) the burst workload (<see cref="BurstWorkload"/>), (b) push latency, idle CPU and memory
/// (<see cref="PushLatency"/>).
/// </summary>
public static class RealtimeSection
{
    public static async Task<IReadOnlyList<ResultTable>> RunAsync(BenchRun run)
    {
        await using var sink = await WebhookSink.StartAsync();
        await using var prefix = run.NewPrefix();
        await using var silo = await run.StartSiloAsync(prefix);
        var burst = await BurstWorkload.RunAsync(run, silo, sink);
        var latency = await PushLatency.RunAsync(run, silo, sink);
        return [burst, latency];
    }
}
