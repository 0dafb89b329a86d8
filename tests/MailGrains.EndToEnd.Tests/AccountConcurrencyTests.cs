using System.Net;
using System.Text;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Optimistic concurrency on accounts: every answer with an account carries its version as ETag, and a PUT or
/// PATCH with an If-Match that is no longer the account's version is refused with 412 and changes nothing.
/// </summary>
public sealed class AccountConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ReadingAndWritingAnAccountAnswerItsVersionAsETag()
    {
        using var tenant = await CreateSalesAsync();

        var read = await tenant.Admin.GetAsync("/v1/accounts/sales");
        var patched = await tenant.PatchAccountAsync("sales", """{"general":{"note":"x"}}""");

        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);
        Assert.Equal(2, (await Requests.ReadAsync(patched, HttpStatusCode.OK))["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    public async Task AWriteWithTheCurrentETagSucceedsAndOneWithAStaleETagIs412AndChangesNothing(string method)
    {
        using var tenant = await CreateSalesAsync();
        var body = method == "PUT"
            ? AccountDocuments.CompleteImap("anna").With("""{"general":{"note":"first"}}""").ToJsonString()
            : """{"general":{"note":"first"}}""";

        var first = await SendAsync(tenant, method, body, "\"1\"");
        var after = await tenant.GetAccountAsync("sales");
        var stale = await SendAsync(tenant, method, body.Replace("first", "second", StringComparison.Ordinal), "\"1\"");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Requests.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        await tenant.AssertAccountUnchangedAsync("sales", after);
        Assert.Equal("first", (string?)after["general"]!["note"]);
    }

    [Theory]
    [InlineData("*", HttpStatusCode.OK)]
    [InlineData("\"7\", \"1\"", HttpStatusCode.OK)]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed)]
    public async Task IfMatchTakesAnyOfSeveralTagsOrAStarAndComparesStrongly(string ifMatch, HttpStatusCode status)
    {
        using var tenant = await CreateSalesAsync();

        var response = await SendAsync(tenant, "PATCH", """{"general":{"note":"x"}}""", ifMatch);

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task IfMatchOnAnAccountThatDoesNotExistIs412AndCreatesNothing()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var response = await SendAsync(tenant, "PUT", AccountDocuments.CompleteImap("anna").ToJsonString(), "*", "fresh");

        await Requests.AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        await tenant.AssertAccountMissingAsync("fresh");
    }

    [Fact]
    public async Task AMalformedIfMatchIsRefusedNamingTheHeader()
    {
        using var tenant = await CreateSalesAsync();
        var before = await tenant.GetAccountAsync("sales");

        var response = await SendAsync(tenant, "PATCH", """{"general":{"note":"x"}}""", "version-1");

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "If-Match");
        await tenant.AssertAccountUnchangedAsync("sales", before);
    }

    private async Task<TestTenant> CreateSalesAsync()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        return tenant;
    }

    private static async Task<HttpResponseMessage> SendAsync(TestTenant tenant, string method, string body, string ifMatch, string accountId = "sales")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/accounts/{accountId}")
        {
            Content = new StringContent(body, Encoding.UTF8, method == "PATCH" ? Requests.MergePatch : Requests.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await tenant.Admin.SendAsync(request);
    }
}
