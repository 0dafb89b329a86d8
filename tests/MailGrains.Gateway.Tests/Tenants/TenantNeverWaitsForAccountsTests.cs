using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.Accounts;
using MailGrains.Gateway.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.Gateway.Tests.Tenants;

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

            var list = await Requests.ReadArrayAsync(await tenant.Admin.GetAsync("/v1/accounts"));

            Assert.Equal(2, list.Count);
            Assert.Equal(HoldConfigure.AccountId, list[0]!["id"]!.GetValue<string>());
            Assert.Contains("Did not answer", list[0]!["unavailable"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("sales", list[1]!["id"]!.GetValue<string>());
            Assert.Equal("sales@example.test", list[1]!["general"]!["email"]!.GetValue<string>());
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
        var settings = (await grains.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(tenant.TenantId, "sales")).GetAsync())!.Settings;
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
