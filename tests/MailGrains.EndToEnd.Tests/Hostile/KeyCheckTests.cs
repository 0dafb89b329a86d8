using System.Net;
using MailGrains.EndToEnd.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// A made-up key costs the cluster nothing: anonymous paths never look at it, and a key for a tenant that does not
/// exist is refused without a tenant grain.
/// </summary>
public sealed class KeyCheckTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ManyMadeUpKeysForUnknownTenantsActivateNoTenantGrain()
    {
        using var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Admin.GetAsync("/v1/users")).StatusCode);
        var before = await TenantGrainActivationsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var http = api.Client($"mgk_made-up-{Guid.NewGuid():N}_k{i}_{new string('a', 64)}");
            var path = (i % 4) switch { 0 => "/health/live", 1 => "/admin/", 2 => "/no/such/path", _ => "/v1/users" };
            var response = await http.GetAsync(path);
            return (path, response.StatusCode);
        }));

        Assert.All(answers.Where(a => a.path == "/v1/users"), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.All(answers.Where(a => a.path is "/health/live" or "/admin/"), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(before, await TenantGrainActivationsAsync());
    }

    [Fact]
    public async Task ARefusedKeyIsLoggedWithItsTenantAndKeyIdButNeverItsSecret()
    {
        var secret = Guid.NewGuid().ToString("N");
        using var http = api.Client($"mgk_made-up-tenant_k1_{secret}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/accounts")).StatusCode);

        Assert.Contains(api.Logs.Lines.ToArray(), l => l.Contains("made-up-tenant", StringComparison.Ordinal) && l.Contains("k1", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Logs.Lines.ToArray(), l => l.Contains(secret, StringComparison.Ordinal));
    }

    private async Task<int> TenantGrainActivationsAsync()
    {
        var cluster = api.Gateway.Services.GetRequiredService<IClusterClient>();
        var statistics = await cluster.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.EndsWith(".TenantGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
