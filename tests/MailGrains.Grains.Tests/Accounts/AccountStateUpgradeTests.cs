using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Activities;

using MailGrains.Grains.Accounts;
using MailGrains.Grains.Secrets;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace MailGrains.Grains.Tests.Accounts;

/// <summary>
/// An account saved before the state had its parts (passwords and sync fields side by side with the settings) keeps
/// working after the upgrade: its password still logs in, its cursor still holds, and it is saved in the new layout.
/// </summary>
[Collection(SharedClusters.Faults)]
public sealed class AccountStateUpgradeTests(OneSiloCluster cluster)
{
    [Fact]
    public async Task AnAccountSavedInTheEarlierLayoutKeepsItsPasswordAndCursorAndIsSavedInTheNewOne()
    {
        await using var mailbox = await TestMailbox.CreateAsync("upgrade");
        var uids = await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), TestMessages.Simple(2, mailbox.Address)]);
        var uidValidity = await UidValidityAsync(mailbox);
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Upgrade"));
        await tenant.PutUserAsync("owner", new UserProfile("Owner", "owner@example.test", null, false, Signature.None));
        var key = GrainKeys.Scoped(tenantId, "box");
        var secrets = cluster.SiloServices.GetRequiredService<SecretProtector>();

        // The state exactly as the earlier layout held it: the password and the cursor beside the settings.
        var earlier = new MailAccountState
        {
            EarlierSettings = Settings(mailbox),
            Version = 1,
            UpdatedAt = DateTimeOffset.UtcNow,
            EarlierIncomingPassword = secrets.Protect(mailbox.Password, key + ":incoming"),
            EarlierCursors = new() { ["INBOX"] = new FolderPosition(uidValidity, uids[0].Id) },
            EarlierLastError = "An error from before the upgrade.",
        };
        var grainStorage = cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var account = cluster.Client.GetGrain<IMailAccountGrain>(key);
        await grainStorage.WriteStateAsync(StateNames.MailAccount, account.GetGrainId(), new GrainState<MailAccountState>(earlier));

        var view = await account.GetAsync();
        Assert.True(view!.HasIncomingPassword);
        Assert.Equal(uids[0].Id, view.Cursors["INBOX"].LastUid);
        // Records holding arrays compare those by reference: compared as JSON, every setting is what it was.
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Settings(mailbox).ToConfiguration()), System.Text.Json.JsonSerializer.Serialize(view.Configuration));
        Assert.True(await account.RequestFetchAsync());
        var status = await Eventually.MatchesAsync(
            async () => (await account.GetStatusAsync())!, s => s.Folders["INBOX"].LastUid == uids[1].Id && s.State == FetchState.Idle, TimeSpan.FromMinutes(1), "the fetch after the upgrade");

        Assert.Null(status.LastError);
        var page = await cluster.Client.GetGrain<IUserGrain>(GrainKeys.Scoped(tenantId, "owner")).ListActivitiesAsync(ActivityFolder.Inbox, 10, null);
        Assert.Equal(["Test message 2"], page.Items.Select(a => a.Subject));
        var saved = new GrainState<MailAccountState>();
        await grainStorage.ReadStateAsync(StateNames.MailAccount, account.GetGrainId(), saved);
        Assert.NotNull(saved.State);
        Assert.Null(saved.State.EarlierIncomingPassword);
        Assert.Null(saved.State.EarlierCursors);
        Assert.Null(saved.State.EarlierSettings);
        Assert.NotNull(saved.State.Credentials.Incoming);
        Assert.Equal(uids[1].Id, saved.State.Sync.Cursors["INBOX"].LastUid);
    }

    private static EarlierAccountSettings Settings(TestMailbox mailbox) => new(
        new EarlierGeneralSettings("Upgraded", mailbox.Address, null, "", ReceiveEnabled: true),
        new EarlierDefaultSettings("owner", "E", [], [], []),
        new EarlierServerSettings(new EarlierIncomingServer(MailProtocol.Imap, TestServices.Host, Security.None, mailbox.UserName), new EarlierOutgoingServer(null, Security.Auto, null), 0),
        new EarlierImapSettings(["INBOX"], null, null),
        Signature.None,
        new EarlierAdvancedSettings(TestServices.ImapPort, 0, 300, ImmutableDictionary<string, long>.Empty));

    private static async Task<uint> UidValidityAsync(TestMailbox mailbox)
    {
        using var imap = await TestMessages.ConnectAsync(mailbox);
        await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        var uidValidity = imap.Inbox.UidValidity;
        await imap.DisconnectAsync(quit: true);
        return uidValidity;
    }
}
