using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using MailGrains.Accounts;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Secrets;
using MailGrains.Grains.Tenants;
using MailGrains.Grains.Webhooks.Subscriptions;
using MailGrains.Users;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace MailGrains.Grains.Tests.Tenants;

/// <summary>
/// Azure Table grain storage keeps a state in one row of at most about 960 KiB (15 binary properties of 64 KiB). A tenant
/// filled to the highest quotas the settings allow, and an account filled to every list limit, with every id at its
/// longest, must still fit: no cliff inside the quotas.
/// </summary>
public sealed class StateSizeTests
{
    private const int RowLimit = 960 * 1024;

    private static readonly Serializer s_serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(TenantState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void ATenantAtTheHighestQuotasTheSettingsAllowFitsInItsStateRow()
    {
        var tenant = new TenantState { Exists = true, Name = new string('n', 200), CreatedAt = DateTimeOffset.UtcNow };
        for (var i = 0; i < Highest(nameof(TenantQuotaOptions.UsersPerTenant)); i++)
        {
            tenant.Users.Add(LongestId(i));
        }

        for (var i = 0; i < Highest(nameof(TenantQuotaOptions.AccountsPerTenant)); i++)
        {
            tenant.AccountIds.Add(LongestId(i));
        }

        for (var i = 0; i < Highest(nameof(TenantQuotaOptions.AdminKeysPerTenant)); i++)
        {
            tenant.Keys[$"{i:x12}"] = new AdminKeyHash(new byte[16], new byte[32], DateTimeOffset.UtcNow);
        }

        var size = s_serializer.SerializeToArray(tenant).Length;

        Assert.True(size < RowLimit, $"A full tenant's state is {size:N0} bytes; the row holds {RowLimit:N0}.");
    }

    [Fact]
    public void AnAccountAtEveryListLimitFitsInItsStateRow()
    {
        var users = Enumerable.Range(0, AccountLimits.MaxPermissions).Select(LongestId).ToList();
        var folders = Enumerable.Range(0, AccountLimits.MaxFolders).Select(i => $"{i:d3}" + new string('€', 252)).ToImmutableArray();
        var configuration = new AccountConfiguration(
            new MailboxIdentity(new string('€', 200), "sales@example.test", null, new string('€', 4_000)),
            new ActivityFiling(
                LongestId(0),
                "E",
                null,
                [.. Enumerable.Range(0, AccountLimits.MaxTags).Select(i => $"{i:d3}" + new string('€', 97))],
                [.. users.Select(u => new AccessGrant(u, Access.Write))]),
            new MailReceiving(true, MailProtocol.Imap, new MailServer(new string('h', 253), 993, Security.Ssl, new string('€', 1_024)), folders, folders[0], 300, 30, ImportFrom.From(new DateOnly(2026, 1, 1))),
            new MailSending(
                new MailServer(new string('h', 253), 465, Security.Ssl, new string('€', 1_024)),
                [.. Enumerable.Range(0, AccountLimits.MaxAllowedSenders).Select(LongestId)],
                folders[1],
                new Signature(new string('€', 10_000), new string('€', 100_000))));
        var account = new MailAccountState
        {
            Configuration = configuration,
            Credentials = new AccountCredentials(
                new EncryptedSecret("k", new byte[12], new byte[1_100], new byte[16]),
                new EncryptedSecret("k", new byte[12], new byte[1_100], new byte[16])),
            Sync = new SyncState
            {
                LastError = new string('€', 2_000),
                // The most POP3 mail an account importing from "now" leaves on the server (digests spread over all 64 bits).
                Pop3Kept = [.. Enumerable.Range(0, KeptUidls.Max).Select(i => KeptUidls.Digest($"uidl-{i}"))],
                Pop3Listed = true,
                ImportingSince = new DateOnly(2026, 1, 1),
            },
        };
        foreach (var folder in folders)
        {
            account.Sync.Cursors[folder] = new FolderPosition(uint.MaxValue, uint.MaxValue);
        }

        var size = s_serializer.SerializeToArray(account).Length;

        Assert.True(size < RowLimit, $"A full account's state is {size:N0} bytes; the row holds {RowLimit:N0}.");
    }

    [Fact]
    public void ATenantsWebhooksAtTheHighestQuotaFitInTheirStateRow()
    {
        var webhooks = new TenantWebhooksState();
        var secret = new EncryptedSecret("k", new byte[12], new byte[50], new byte[16]);
        for (var i = 0; i < Highest(nameof(TenantQuotaOptions.WebhooksPerTenant)); i++)
        {
            webhooks.Subscriptions[LongestId(i)] = new WebhookSubscription(
                "https://" + new string('h', WebhookLimits.MaxUrlLength - 8), WebhookEventTypes.All, false, WebhookLimits.MaxIncludeBodyBytes,
                new string('€', 500), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, long.MaxValue, secret, secret, DateTimeOffset.UtcNow);
        }

        var size = s_serializer.SerializeToArray(webhooks).Length;

        Assert.True(size < RowLimit, $"A full tenant's webhooks state is {size:N0} bytes; the row holds {RowLimit:N0}.");
    }

    /// <summary>The highest value the setting's validation accepts.</summary>
    private static int Highest(string setting)
        => (int)typeof(TenantQuotaOptions).GetProperty(setting)!.GetCustomAttribute<RangeAttribute>()!.Maximum;

    private static string LongestId(int i) => $"{i:d6}" + new string('x', 58);
}
