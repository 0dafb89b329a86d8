using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.Accounts;
using MailGrains.EndToEnd.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.EndToEnd.Tests.Tenants;

/// <summary>
/// An account grain may be busy for long (a fetch); the tenant grain, which every request of the tenant passes for its
/// key, never waits for one, and the account list does not either.
/// </summary>
public sealed class TenantNeverWaitsForAccountsTests(HeldConfigureFixture api) : IClassFixture<HeldConfigureFixture>
{
    private static readonly TimeSpan s_prompt = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task WhileAnAccountWriteIsHeldTheTenantStillListsUsersAndVerifiesKeysPromptly()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        api.Hold.Arm();
        try
        {
            var held = tenant.PutAccountAsync(HoldConfigure.AccountId, AccountDocuments.CompleteImap("anna"));
            await api.Hold.Entered.WaitAsync(TimeSpan.FromSeconds(30));

            using var prompt = new CancellationTokenSource(s_prompt);
            var users = await tenant.Admin.GetAsync("/v1/users", prompt.Token);
            using var op = api.Operator();
            var issued = await (await op.PostAsync($"/v1/tenants/{tenant.TenantId}/keys", null)).Content.ReadFromJsonAsync<JsonElement>();
            using var fresh = api.Client(issued.GetProperty("key").GetString());
            using var promptAgain = new CancellationTokenSource(s_prompt);
            var verified = await fresh.GetAsync("/v1/users/anna", promptAgain.Token);

            Assert.Equal(HttpStatusCode.OK, users.StatusCode);
            Assert.Equal(["anna"], (await Requests.ReadArrayAsync(users)).Select(u => u!["id"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            Assert.False(held.IsCompleted);
            api.Hold.Release();
            Assert.Equal(HttpStatusCode.Created, (await held).StatusCode);
        }
        finally
        {
            api.Hold.Release();
        }
    }

    [Fact]
    public async Task OneBusyAccountIsListedAsUnavailableInsteadOfFailingTheAccountList()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        api.Hold.Arm();
        try
        {
            var held = tenant.PutAccountAsync(HoldConfigure.AccountId, AccountDocuments.CompleteImap("anna"));
            await api.Hold.Entered.WaitAsync(TimeSpan.FromSeconds(30));

            using var prompt = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var list = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts", prompt.Token));

            // The account being written is not stored yet: reading it no longer waits (account reads interleave),
            // so it is absent; were its grain slow to answer, it would be listed as unavailable. The list never fails.
            var sales = Assert.Single(list, a => a!["id"]!.GetValue<string>() == "sales");
            Assert.Equal("sales@example.test", sales!["general"]!["email"]!.GetValue<string>());
            Assert.All(list.Where(a => a!["id"]!.GetValue<string>() == HoldConfigure.AccountId), a => Assert.Contains("Did not answer", a!["unavailable"]!.GetValue<string>(), StringComparison.Ordinal));
            api.Hold.Release();
            Assert.Equal(HttpStatusCode.Created, (await held).StatusCode);
        }
        finally
        {
            api.Hold.Release();
        }
    }

    [Fact]
    public async Task AnAccountTheDirectoryMissesIsStillDeleted()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        var grains = api.Gateway.Services.GetRequiredService<IClusterClient>();
        var settings = (await grains.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenant.TenantId, "sales")).GetAsync())!.Configuration;
        // The account grain stored "lost", but the tenant never recorded it, as when saving its directory failed.
        var lost = grains.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenant.TenantId, "lost"));
        Assert.NotNull((await lost.ConfigureAsync(new AccountInput(settings, PasswordChange.Keep, PasswordChange.Keep, null))).View);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Admin.GetAsync("/v1/accounts/lost")).StatusCode);

        var deleted = await tenant.Admin.DeleteAsync("/v1/accounts/lost");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await lost.GetAsync());
        await tenant.AssertAccountMissingAsync("lost");
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.DeleteAsync("/v1/accounts/lost")).StatusCode);
    }
}
