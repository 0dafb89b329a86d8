using System.Net;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Over a limit, the gateway answers 429 problem+json with <c>Retry-After</c>: per key, per client address, and
/// for server checks per account and per tenant. The gateway here has tiny limits.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.TinyLimitsFixture api) : IClassFixture<RateLimitTests.TinyLimitsFixture>
{
    [Fact]
    public async Task AKeyOverItsLimitGetsTooManyRequestsWithRetryAfter()
    {
        using var tenant = await api.NewTenantAsync();
        tenant.Admin.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "127.0.0.2");

        var answers = await SendUntilRefusedAsync(() => tenant.Admin.GetAsync("/v1/users"), 50);

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        await AssertTooManyRequestsAsync(answers[^1]);
        using var otherKey = (await api.NewTenantAsync()).Admin;
        otherKey.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "127.0.0.2");
        Assert.Equal(HttpStatusCode.OK, (await otherKey.GetAsync("/v1/users")).StatusCode);
    }

    [Fact]
    public async Task AClientAddressOverItsLimitGetsTooManyRequestsWithRetryAfter()
    {
        using var http = api.Client();
        http.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "127.0.0.3");

        var answers = await SendUntilRefusedAsync(() => http.GetAsync("/v1/accounts"), 100);

        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].StatusCode);
        await AssertTooManyRequestsAsync(answers[^1]);
        using var elsewhere = api.Client();
        elsewhere.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "127.0.0.4");
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/v1/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "test")]
    [InlineData("GET", "server-folders")]
    public async Task ServerChecksOfOneAccountOverTheirLimitGetTooManyRequests(string method, string check)
    {
        using var tenant = await api.NewTenantAsync();

        var answers = await SendUntilRefusedAsync(() => tenant.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v1/accounts/sales/{check}")), 5);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound], answers[..^1].Select(a => a.StatusCode));
        await AssertTooManyRequestsAsync(answers[^1]);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.PostAsync("/v1/accounts/other/test", null)).StatusCode);
    }

    [Fact]
    public async Task ServerChecksOfATenantsAccountsOverTheirLimitGetTooManyRequests()
    {
        using var tenant = await api.NewTenantAsync();
        var account = 0;

        var answers = await SendUntilRefusedAsync(() => tenant.Admin.PostAsync($"/v1/accounts/account-{account++}/test", null), 6);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], answers[..^1].Select(a => a.StatusCode));
        await AssertTooManyRequestsAsync(answers[^1]);
        using var other = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin.PostAsync("/v1/accounts/account-0/test", null)).StatusCode);
    }

    /// <summary>Sends until the first 429, at most <paramref name="max"/> times; the last answer is the 429.</summary>
    private static async Task<List<HttpResponseMessage>> SendUntilRefusedAsync(Func<Task<HttpResponseMessage>> send, int max)
    {
        var answers = new List<HttpResponseMessage>();
        while (answers.Count < max && (answers.Count == 0 || answers[^1].StatusCode != HttpStatusCode.TooManyRequests))
        {
            answers.Add(await send());
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1].StatusCode);
        return answers;
    }

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response)
    {
        await Requests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
    }

    /// <summary>A gateway whose limits a test reaches in a few requests.</summary>
    public sealed class TinyLimitsFixture() : ApiFixture(onRealPort: false, new Dictionary<string, string?>
    {
        ["MailGrains:RateLimits:PerKeyPerSecond"] = "1",
        ["MailGrains:RateLimits:PerKeyBurst"] = "30",
        ["MailGrains:RateLimits:PerAddressPerSecond"] = "1",
        ["MailGrains:RateLimits:PerAddressBurst"] = "60",
        ["MailGrains:RateLimits:ServerChecksPerAccountPerMinute"] = "2",
        ["MailGrains:RateLimits:ServerChecksPerTenantPerMinute"] = "3",
    });
}
