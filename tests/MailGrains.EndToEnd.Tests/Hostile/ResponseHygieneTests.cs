using System.Net;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>Answers are not cached or sniffed, and a tenant's account status does not say where in the cluster it runs.</summary>
public sealed class ResponseHygieneTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/v1/users", HttpStatusCode.OK)]
    [InlineData("/v1/users/nobody", HttpStatusCode.NotFound)]
    [InlineData("/v1/accounts/sales/status", HttpStatusCode.NotFound)]
    [InlineData("/no/such/path", HttpStatusCode.NotFound)]
    public async Task ApiAnswersAreNeitherStoredNorSniffed(string path, HttpStatusCode status)
    {
        using var tenant = await api.NewTenantAsync();

        var response = await tenant.Admin.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task AnUnauthorizedAnswerIsNeitherStoredNorSniffed()
    {
        using var http = api.Client();

        var response = await http.GetAsync("/v1/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task TheAccountStatusDoesNotNameTheSilo()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var status = await Requests.ReadAsync(await tenant.Admin.GetAsync("/v1/accounts/sales/status"), HttpStatusCode.OK);

        Assert.False(status.ContainsKey("silo"), status.ToJsonString());
        Assert.True(status.ContainsKey("state"), status.ToJsonString());
    }
}
