using MailGrains.Accounts;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using Orleans.TestingHost;

namespace MailGrains.Grains.Tests.Network;

/// <summary>
/// A silo with the production default outbound policy (no operator settings). Accounts are written through the
/// tenant grain, past the gateway's checks, so the silo's own refusal is what is seen: a clear account error and
/// not one connection to the scripted server the account points at.
/// </summary>
public sealed class DefaultPolicyClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromMinutes(1);
    private readonly TestStorage _storage = new();
    private InProcessTestCluster? _cluster;

    private IGrainFactory Grains => (_cluster ?? throw new InvalidOperationException("Not started.")).Client;

    public async Task InitializeAsync()
    {
        _cluster = TestClusterFactory.Create(_storage, network: TestNetwork.ProductionDefault);
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }

    [Fact]
    public async Task ALocalhostServerFailsItsTestWithAPolicyErrorAndIsNeverDialled()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var account = await PutAccountAsync("localhost", Security.Ssl, server.Port, receive: false);

        var test = await Servers(account).TestConnectionsAsync();
        var folders = await Servers(account).ListServerFoldersAsync();

        Assert.False(test!.Incoming.Ok);
        Assert.StartsWith("localhost resolves to ", test.Incoming.Error, StringComparison.Ordinal);
        Assert.EndsWith("which this service's network policy does not allow.", test.Incoming.Error, StringComparison.Ordinal);
        Assert.StartsWith("localhost resolves to ", test.Outgoing.Error, StringComparison.Ordinal);
        Assert.StartsWith("localhost resolves to ", folders!.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task AFetchFromARefusedAddressSetsAPolicyLastErrorWithoutAConnection()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var account = await PutAccountAsync("::ffff:127.0.0.1", Security.Ssl, server.Port, receive: true);

        var status = await Eventually.MatchesAsync(account.GetStatusAsync, s => s?.LastError is not null, s_patience, "the first fetch to fail");

        Assert.Equal("::ffff:127.0.0.1 is an address this service's network policy does not allow.", status!.LastError);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task PlaintextIsRefusedBeforeAnyConnectionWhenTheOperatorDoesNotAllowIt()
    {
        await using var server = ScriptedServer.ImapWithoutStartTls();
        var account = await PutAccountAsync("127.0.0.1", Security.None, server.Port, receive: false);

        var test = await Servers(account).TestConnectionsAsync();

        Assert.Contains("without TLS", test!.Incoming.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
        Assert.DoesNotContain(server.Lines, l => l.Contains("secret-pw", StringComparison.Ordinal));
    }

    private IAccountServerGrain Servers(IMailAccountGrain account) => Grains.GetGrain<IAccountServerGrain>(account.GetPrimaryKeyString());

    private async Task<IMailAccountGrain> PutAccountAsync(string host, Security security, int port, bool receive)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var tenant = Grains.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Network policy"));
        await tenant.PutUserAsync("anna", new UserProfile("Anna", "anna@example.test", null, false, Signature.None));
        var settings = new AccountConfiguration(
            new MailboxIdentity("Policy", "sales@example.test", null, ""),
            new ActivityFiling("anna", "E", null, [], []),
            new MailReceiving(receive, MailProtocol.Imap, new MailServer(host, port, security, "anna"), ["INBOX"], null, 300, 0),
            new MailSending(new MailServer(host, port, security, "anna"), [], null, Signature.None));
        var result = await Grains.GetGrain<IAccountWriterGrain>(tenantId).PutAsync("sales", new AccountInput(settings, PasswordChange.Set("secret-pw"), PasswordChange.Set("secret-pw"), null));
        Assert.NotNull(result.View);
        return Grains.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenantId, "sales"));
    }
}
