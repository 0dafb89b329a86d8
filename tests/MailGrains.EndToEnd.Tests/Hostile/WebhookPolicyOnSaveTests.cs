using System.Net;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.EndToEnd.Tests.Webhooks;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Under the production outbound default (plus one internal network the operator allows), a webhook URL the silo
/// would never post to is a 400 naming <c>url</c>: loopback, private and link-local addresses in any spelling,
/// <c>localhost</c> names, and plain http, which the operator has not allowed.
/// </summary>
public sealed class WebhookPolicyOnSaveTests(DefaultPolicyApiFixture api) : IClassFixture<DefaultPolicyApiFixture>
{
    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://127.1/hooks")]
    [InlineData("https://2130706433/hooks")]
    [InlineData("https://[::1]:8443/hooks")]
    [InlineData("https://[::ffff:a9fe:a9fe]/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.0.0.1/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://10.1.3.3/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("https://hooks.localhost/hooks")]
    [InlineData("http://crm.example.com/hooks")]
    public async Task AUrlThePolicyRefusesIsA400NamingUrlAndNothingIsSaved(string url)
    {
        using var tenant = await api.NewTenantAsync();

        await Requests.AssertFieldErrorsAsync(await tenant.PutWebhookAsync("crm", WebhookRequests.Document(url)), HttpStatusCode.BadRequest, "url");

        await Requests.AssertProblemAsync(await tenant.Admin.GetAsync("/v1/webhooks/crm"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://crm.example.com:8443/hooks")]
    public async Task AnAddressInANetworkTheOperatorAllowsOrAPublicNameIsSaved(string url)
    {
        using var tenant = await api.NewTenantAsync();

        var created = await Requests.ReadAsync(await tenant.PutWebhookAsync("crm", WebhookRequests.Document(url)), HttpStatusCode.Created);

        Assert.Equal(url, created["url"]!.GetValue<string>());
    }
}
