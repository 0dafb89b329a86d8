using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>An operator can trust one server certificate (here the test Dovecot's self-signed one) without trusting everything.</summary>
public sealed class TrustedCertificateTests
{
    [Fact]
    public async Task ASiloConfiguredToTrustTheServersCertificateLogsInOverImplicitTls()
    {
        await using var storage = new TestStorage();
        var clusterId = FreshNames.ClusterId();
        await using var silo = await RealSilo.StartAsync(storage, clusterId, new Dictionary<string, string?>
        {
            ["MailGrains:Mail:TrustedCertificateFiles:0"] = TestServices.MailCertificateFile,
        });
        await using var gateway = new GatewayFactory(storage, clusterId);
        using var op = gateway.CreateClient();
        op.DefaultRequestHeaders.Authorization = new("Bearer", gateway.OperatorKey);
        await Eventually.MatchesAsync(() => op.PutAsJsonAsync("/v1/tenants/tls", new { name = "TLS" }), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the tenant");
        var key = (await (await op.PostAsync("/v1/tenants/tls/keys", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        using var admin = gateway.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", key);
        await using var mailbox = await TestMailbox.CreateAsync("trusted");
        (await admin.PutAsJsonAsync("/v1/users/anna", new { displayName = "Anna", email = "anna@example.test" })).EnsureSuccessStatusCode();
        var document = AccountDocuments.CompleteImap("anna", mailbox.Password);
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["advanced"]!["incomingPort"] = TestServices.ImapsPort;
        (await admin.PutAsJsonAsync("/v1/accounts/sales", document)).EnsureSuccessStatusCode();

        var test = await (await admin.PostAsync("/v1/accounts/sales/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(test.GetProperty("incoming").GetProperty("ok").GetBoolean(), test.ToString());
    }
}
