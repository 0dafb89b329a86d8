using System.Collections.Concurrent;
using System.Diagnostics;
using MailGrains.Grains.Tests.Fetching;
using MailGrains.Grains.Telemetry;
using MailGrains.Testing;

namespace MailGrains.Grains.Tests.Telemetry;

/// <summary>A caller's trace reaches the fetch it asks for: the request, the fetch run and the store of its batch are one trace.</summary>
public sealed class FetchTracingTests(TelemetryCluster cluster) : IClassFixture<TelemetryCluster>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private static readonly ActivitySource s_caller = new("MailGrains.Tests.Caller");

    [Fact]
    public async Task AFetchAskedForInsideATraceRunsAndStoresInThatTrace()
    {
        await using var mailbox = await TestMailbox.CreateAsync("trace");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address)]);
        var account = await ImapAccount.EnableAsync(cluster.Client, mailbox, "INBOX");
        await account.WaitForCursorAsync("INBOX", p => p.LastUid >= 1, s_patience, "the first fetch");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(2, mailbox.Address)]);
        var spans = new ConcurrentQueue<Activity>();
        var traceId = default(ActivityTraceId);
        // Listeners are process-wide and other tests trace too: only this test's caller and its trace are sampled.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source == s_caller || source.Name == MailGrainsTracing.SourceName || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source == s_caller || (traceId != default && options.Parent.TraceId == traceId) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using (var caller = s_caller.StartActivity("ask for a fetch"))
        {
            traceId = caller!.TraceId;
            Assert.True(await account.Grain.RequestFetchAsync());
        }

        var store = await Eventually.MatchesAsync(
            () => Task.FromResult(spans.FirstOrDefault(s => s.OperationName == MailGrainsTracing.StoreSpan)),
            s => s is not null,
            s_patience,
            "the store span in the caller's trace");
        var fetch = await Eventually.MatchesAsync(
            () => Task.FromResult(spans.FirstOrDefault(s => s.OperationName == MailGrainsTracing.FetchSpan)),
            s => s is not null,
            s_patience,
            "the fetch span in the caller's trace");
        Assert.Equal(account.Grain.GetPrimaryKeyString(), fetch!.GetTagItem(TelemetryTags.Account));
        Assert.Equal("imap", fetch.GetTagItem(TelemetryTags.Protocol));
        Assert.Equal(1, store!.GetTagItem("mailgrains.activities.stored"));
        Assert.Equal(ActivityStatusCode.Unset, fetch.Status);
    }
}
