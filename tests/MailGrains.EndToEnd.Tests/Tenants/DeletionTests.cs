using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.Tenants;

/// <summary>Deleting a user or a tenant erases their mail: nothing of it is served again, and a new user with the same id starts empty.</summary>
public sealed class DeletionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ADeletedUsersMailIsNoLongerServedAndANewUserWithTheSameIdStartsEmpty()
    {
        await using var mailbox = await TestMailbox.CreateAsync("erase");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), Large(mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.PutUserAsync("bob");
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("bob", mailbox));
        await WaitForFetchedAsync(tenant, "sales", 2);
        var ids = (await ListAsync(tenant, "bob")).Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.NotEmpty(await BlobsAsync(tenant.TenantId + "/bob/"));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Admin.GetAsync($"/v1/users/bob/activities/{ids[0]}/raw")).StatusCode);

        var moved = AccountDocuments.OnTestServers("anna", mailbox);
        moved["general"]!["receiveEnabled"] = false;
        Assert.Equal(HttpStatusCode.OK, (await tenant.PutAccountAsync("sales", moved)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync("/v1/users/bob")).StatusCode);

        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync($"/v1/users/bob/activities/{id}/raw")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync($"/v1/users/bob/activities/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.PostAsync($"/v1/users/bob/activities/{id}/spam", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync("/v1/users/bob/activities")).StatusCode);
        await tenant.PutUserAsync("bob");
        Assert.Empty(await ListAsync(tenant, "bob"));
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync($"/v1/users/bob/activities/{id}/raw")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync($"/v1/users/bob/activities/{id}")).StatusCode);
        }

        Assert.Empty(await ActivityPartitionsAsync(tenant.TenantId + "|bob"));
        Assert.Empty(await BlobsAsync(tenant.TenantId + "/bob/"));
    }

    [Fact]
    public async Task ADeletedTenantsKeysStopAtOnceAndAllItsDataIsErasedThenItIsGone()
    {
        await using var mailbox = await TestMailbox.CreateAsync("tenantdel");
        await TestMessages.AppendAsync(mailbox, "INBOX", [TestMessages.Simple(1, mailbox.Address), Large(mailbox.Address)]);
        using var tenant = await api.NewTenantAsync();
        using var other = await api.NewTenantAsync();
        await other.PutUserAsync("anna");
        await tenant.PutUserAsync("anna");
        await tenant.PutUserAsync("bob");
        await tenant.CreateAccountAsync("sales", AccountDocuments.OnTestServers("anna", mailbox));
        await WaitForFetchedAsync(tenant, "sales", 2);
        Assert.NotEmpty(await ActivityPartitionsAsync(tenant.TenantId + "|"));
        Assert.NotEmpty(await BlobsAsync(tenant.TenantId + "/"));
        using var op = api.Operator();

        var deleting = await op.DeleteAsync($"/v1/tenants/{tenant.TenantId}");

        var accepted = await Requests.ReadAsync(deleting, HttpStatusCode.Accepted);
        Assert.Equal($"/v1/tenants/{tenant.TenantId}", deleting.Headers.Location?.OriginalString);
        Assert.Equal("deleting", accepted["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Admin.GetAsync("/v1/users")).StatusCode);
        await Eventually.MatchesAsync(() => op.GetAsync($"/v1/tenants/{tenant.TenantId}"), r => r.StatusCode == HttpStatusCode.NotFound, s_patience, "the tenant to be gone");

        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Admin.GetAsync("/v1/users")).StatusCode);
        Assert.Empty(await ActivityPartitionsAsync(tenant.TenantId + "|"));
        Assert.Empty(await BlobsAsync(tenant.TenantId + "/"));
        Assert.Empty(await StorageScan.FindAsync(api.Storage, tenant.TenantId));
        Assert.DoesNotContain(await Requests.ReadArrayAsync(await op.GetAsync("/v1/tenants")), t => t!["id"]!.GetValue<string>() == tenant.TenantId);
        Assert.Equal(["anna"], (await Requests.ReadArrayAsync(await other.Admin.GetAsync("/v1/users"))).Select(u => u!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await op.DeleteAsync($"/v1/tenants/{tenant.TenantId}")).StatusCode);
    }

    /// <summary>A message above the inline limit (256 KiB), so that its raw copy is a blob.</summary>
    private static byte[] Large(string to)
    {
        var body = new StringBuilder();
        for (var i = 0; i < 8_000; i++)
        {
            body.Append("Line ").Append(i).Append(" of a long message to be kept as a blob.\r\n");
        }

        return Encoding.ASCII.GetBytes(
            $"From: sender@example.test\r\nTo: {to}\r\nSubject: Large\r\nMessage-ID: <{Guid.NewGuid():N}@example.test>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\n{body}");
    }

    private static Task<JsonElement> WaitForFetchedAsync(TestTenant tenant, string accountId, long count)
        => Eventually.MatchesAsync(
            () => tenant.Admin.GetFromJsonAsync<JsonElement>($"/v1/accounts/{accountId}/status"),
            s => s.GetProperty("fetched").GetInt64() == count && s.GetProperty("state").GetString() == "idle",
            s_patience,
            $"{count} fetched messages");

    private static async Task<JsonArray> ListAsync(TestTenant tenant, string userId)
        => (JsonArray)(await Requests.ReadAsync(await tenant.Admin.GetAsync($"/v1/users/{userId}/activities"), HttpStatusCode.OK))["items"]!;

    /// <summary>Partitions of the activity table that begin with <paramref name="prefix"/>.</summary>
    private async Task<List<string>> ActivityPartitionsAsync(string prefix)
    {
        var table = new TableClient(api.Storage.ConnectionString, api.Storage.TablePrefix + "activities");
        var found = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            if (row.PartitionKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(row.PartitionKey);
            }
        }

        return found;
    }

    private async Task<List<string>> BlobsAsync(string prefix)
    {
        var container = new BlobContainerClient(api.Storage.ConnectionString, api.Storage.TablePrefix + "-raw");
        var found = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
        {
            found.Add(blob.Name);
        }

        return found;
    }
}
