using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Fetching;
using MailGrains.Mail.Connections;
using MailGrains.Testing;
using MailGrains.Users;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// POP3 takes mail off the server, so nothing may be deleted before it is stored. The servers and storage
/// are real; the crash between storing and QUIT is simulated by the cycle's <c>beforeQuit</c> hook, because
/// a real process crash at exactly that point cannot be arranged reliably.
/// </summary>
public sealed class Pop3FetchCycleTests : IAsyncLifetime
{
    private const string Tenant = "pop";
    private readonly TestStorage _storage = new();
    private InProcessTestCluster? _cluster;

    private IClusterClient Client => _cluster!.Client;

    public async Task InitializeAsync()
    {
        _cluster = TestClusterFactory.Create(_storage);
        await _cluster.DeployAsync();
        await Client.GetGrain<IUserGrain>(GrainKeys.Scoped(Tenant, "anna")).SetProfileAsync(new UserProfile("Anna", "anna@example.test", "AA", false, Signature.None));
    }

    public async Task DisposeAsync()
    {
        await _cluster!.DisposeAsync();
        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task EveryMessageIsStoredOnceAndThenLeavesTheServer()
    {
        await using var mailbox = await TestMailbox.CreateAsync("pop");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 130).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var stored = new HashSet<string>();

        var added = await Cycle().RunAsync($"{Tenant}/box", Settings(), Endpoint(mailbox), stored, () => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(130, added);
        Assert.Empty(stored);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
        Assert.Equal(130, await CountActivitiesAsync());
    }

    [Fact]
    public async Task ACrashBeforeQuitLeavesTheMailOnTheServerAndTheNextFetchDeletesItWithoutASecondActivity()
    {
        await using var mailbox = await TestMailbox.CreateAsync("popcrash");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 12).Select(i => TestMessages.Simple(i, mailbox.Address)));
        var stored = new HashSet<string>();

        await Assert.ThrowsAsync<SimulatedCrash>(() => Cycle().RunAsync(
            $"{Tenant}/box", Settings(), Endpoint(mailbox), stored, () => Task.CompletedTask, CancellationToken.None, beforeQuit: () => throw new SimulatedCrash()));

        Assert.Equal(12, await TestMessages.CountByPop3Async(mailbox));
        Assert.Equal(12, stored.Count);
        Assert.Equal(12, await CountActivitiesAsync());

        var added = await Cycle().RunAsync($"{Tenant}/box", Settings(), Endpoint(mailbox), stored, () => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(0, added);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
        Assert.Empty(stored);
        Assert.Equal(12, await CountActivitiesAsync());
    }

    [Fact]
    public async Task EvenWhenTheRememberedUidlsAreLostARepeatStoreAddsNoActivity()
    {
        await using var mailbox = await TestMailbox.CreateAsync("poplost");
        await TestMessages.AppendAsync(mailbox, "INBOX", Enumerable.Range(1, 7).Select(i => TestMessages.Simple(i, mailbox.Address)));
        await Assert.ThrowsAsync<SimulatedCrash>(() => Cycle().RunAsync(
            $"{Tenant}/box", Settings(), Endpoint(mailbox), [], () => Task.CompletedTask, CancellationToken.None, beforeQuit: () => throw new SimulatedCrash()));

        var added = await Cycle().RunAsync($"{Tenant}/box", Settings(), Endpoint(mailbox), [], () => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(0, added);
        Assert.Equal(0, await TestMessages.CountByPop3Async(mailbox));
        Assert.Equal(7, await CountActivitiesAsync());
    }

    private Pop3FetchCycle Cycle() => new(TestNetwork.TestServers.Connector(), Client, TestMeters.NewMetrics(), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new MailOptions()));

    private static MailEndpoint Endpoint(TestMailbox mailbox)
        => new(TestServices.Host, TestServices.Pop3Port, TransportSecurity.None, mailbox.UserName, mailbox.Password);

    private static AccountSettings Settings() => new(
        new GeneralSettings("Box", "box@example.test", null, "", true),
        new DefaultSettings("anna", "E", ["AA"], [], []),
        new ServerSettings(new IncomingServer(MailProtocol.Pop3, TestServices.Host, Security.None, "x"), new OutgoingServer(null, Security.Auto, null), 0),
        new ImapSettings(["INBOX"], null, null),
        Signature.None,
        new AdvancedSettings(TestServices.Pop3Port, 0, 300, ImmutableDictionary<string, long>.Empty));

    private async Task<int> CountActivitiesAsync()
    {
        var user = Client.GetGrain<IUserGrain>(GrainKeys.Scoped(Tenant, "anna"));
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await user.ListActivitiesAsync(ActivityFolder.Inbox, 100, cursor);
            foreach (var item in page.Items)
            {
                Assert.True(ids.Add(item.Id), $"duplicate activity {item.Id}");
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids.Count;
    }

    private sealed class SimulatedCrash : Exception;
}
