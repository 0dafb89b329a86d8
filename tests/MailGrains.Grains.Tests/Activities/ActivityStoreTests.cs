using MailGrains.Activities;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Messages;
using MailGrains.Testing;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tests.Activities;

/// <summary>The activity index and raw messages in Azure Storage: idempotent, newest first, byte-identical.</summary>
public sealed class ActivityStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TestStorage _storage = new();
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..6];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();

    [Fact]
    public async Task StoringTheSameActivitiesAgainStoresNothingNew()
    {
        var store = Store();
        var batch = Enumerable.Range(1, 30).Select(i => TestActivities.Make(_tenant, "anna", i, s_start.AddMinutes(i))).ToList();

        var first = await store.AddAsync(batch);
        var second = await store.AddAsync(batch);
        var overlapping = await store.AddAsync([.. batch.Take(10), .. Enumerable.Range(31, 5).Select(i => TestActivities.Make(_tenant, "anna", i, s_start.AddMinutes(i)))]);

        Assert.Equal(30, first);
        Assert.Equal(0, second);
        Assert.Equal(5, overlapping);
        Assert.Equal(35, (await AllAsync(store, "anna", 100)).Count);
        Assert.Equal(35, await store.CountAsync(_tenant, "anna", "acct"));
        Assert.Equal(0, await store.CountAsync(_tenant, "anna", "other"));
    }

    [Fact]
    public async Task OnlyActivitiesTheStoreInsertsCountAsStored()
    {
        var metrics = TestMeters.NewMetrics();
        using var stored = new MetricCollector<long>(metrics.ActivitiesStored);
        var store = Store(metrics: metrics);
        var batch = Enumerable.Range(1, 12).Select(i => TestActivities.Make(_tenant, "anna", i, s_start.AddMinutes(i))).ToList();

        await store.AddAsync(batch);
        await store.AddAsync(batch);
        await store.AddAsync([.. batch.Take(4), TestActivities.Make(_tenant, "anna", 13, s_start.AddMinutes(13))]);

        Assert.Equal(13, stored.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task ListingIsNewestFirstAndPagesThroughEverythingOnce()
    {
        var store = Store();
        var shuffled = Enumerable.Range(1, 25).OrderBy(i => (i * 7) % 25).Select(i => TestActivities.Make(_tenant, "anna", i, s_start.AddHours(i))).ToList();
        await store.AddAsync(shuffled);

        var pages = new List<ActivityPage>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(_tenant, "anna", ActivityFolder.Inbox, 10, cursor);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Items.Length));
        var subjects = pages.SelectMany(p => p.Items).Select(a => a.Subject).ToList();
        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => $"message {i}"), subjects);
        Assert.Empty(await AllAsync(store, "bob", 10));
        Assert.Empty((await store.ListAsync(_tenant, "anna", ActivityFolder.Spam, 10, null)).Items);
    }

    [Fact]
    public async Task RawMessagesComeBackByteIdenticalWhetherInlineOrAsBlobs()
    {
        var store = Store(inlineLimit: 100_000);
        var small = TestActivities.Make(_tenant, "anna", 1, s_start, rawSize: 70_000);
        var large = TestActivities.Make(_tenant, "anna", 2, s_start, rawSize: 400_000);

        await store.AddAsync([small, large]);

        Assert.Equal(small.Raw, await store.GetRawAsync(_tenant, "anna", small.Activity.Id));
        Assert.Equal(large.Raw, await store.GetRawAsync(_tenant, "anna", large.Activity.Id));
        Assert.Equal(small.Activity.Subject, (await store.GetAsync(_tenant, "anna", small.Activity.Id))!.Subject);
        Assert.Null(await store.GetRawAsync(_tenant, "anna", "0" + small.Activity.Id[1..]));
        Assert.Null(await store.GetAsync(_tenant, "bob", small.Activity.Id));
    }

    [Fact]
    public async Task ManyLargeInlineMessagesAreSplitIntoTransactionsTheServiceAccepts()
    {
        var store = Store(inlineLimit: 256 * 1024);
        var batch = Enumerable.Range(1, 120).Select(i => TestActivities.Make(_tenant, "anna", i, s_start.AddSeconds(i), rawSize: 100_000)).ToList();

        var added = await store.AddAsync(batch);

        Assert.Equal(120, added);
        Assert.Equal(batch[^1].Raw, await store.GetRawAsync(_tenant, "anna", batch[^1].Activity.Id));
    }

    [Fact]
    public async Task AnActivityStorageRefusesIsStoredInItsReducedFormAndTheRestOfTheBatchNormally()
    {
        // A raw message of 3.9 MB kept inline makes a row larger than a table entity and a batch request may be:
        // the storage itself refuses that one row, as it would any content it cannot take.
        var store = Store(inlineLimit: 4 * 1024 * 1024);
        var batch = Enumerable.Range(1, 5).Select(i => TestActivities.Make(_tenant, "anna", i, s_start.AddMinutes(i), rawSize: i == 3 ? 3_900_000 : 2_000)).ToList();

        var added = await store.AddAsync(batch);

        Assert.Equal(5, added);
        var stored = await AllAsync(store, "anna", 100);
        Assert.Equal(batch.Select(b => b.Activity.Id).Order(StringComparer.Ordinal), stored.Select(a => a.Id).Order(StringComparer.Ordinal));
        var reduced = Assert.Single(stored, a => a.Flags.Contains(MessageFlags.StoredReduced));
        Assert.Equal(batch[2].Activity.Id, reduced.Id);
        Assert.Equal(batch[2].Activity.Subject, reduced.Subject);
        Assert.True((await store.GetRawAsync(_tenant, "anna", reduced.Id))!.AsSpan().SequenceEqual(batch[2].Raw), "the raw message is kept whole");
        Assert.Equal(5, await store.CountAsync(_tenant, "anna", "acct"));
        Assert.Equal(0, await store.AddAsync(batch));
    }

    private ActivityStore Store(int inlineLimit = 256 * 1024, MailGrainsMetrics? metrics = null) => new(
        new TableServiceClient(_storage.ConnectionString),
        new BlobServiceClient(_storage.ConnectionString),
        Options.Create(new ActivityStoreOptions { TableName = _storage.TablePrefix + "activities", RawContainerName = _storage.TablePrefix + "-raw", InlineRawLimit = inlineLimit }),
        metrics ?? TestMeters.NewMetrics(),
        NullLogger<ActivityStore>.Instance,
        TimeProvider.System,
        new NoWebhookEvents());

    private async Task<List<Activity>> AllAsync(ActivityStore store, string owner, int limit)
    {
        var all = new List<Activity>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(_tenant, owner, ActivityFolder.Inbox, limit, cursor);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
