using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// The connection test against scripted loopback servers that are not what the account says: their banner never
/// reaches the tenant, and a server without STARTTLS never receives a login. The fixture allows loopback and
/// plaintext, as the operator of the local test servers does.
/// </summary>
public sealed class HostileServerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task APop3TestAgainstAnSshServerShowsNoBanner()
    {
        await using var ssh = ScriptedServer.Start("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5 internal-bastion", _ => null);
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna").With($$$"""
            {"server":{"incoming":{"protocol":"pop3","host":"127.0.0.1","security":"none"},"outgoing":{"host":null}},
             "imap":{"folders":["INBOX"],"spamFolder":null,"sentFolder":null},"advanced":{"incomingPort":{{{ssh.Port}}}}}
            """);
        await tenant.CreateAccountAsync("scan", document);

        var test = await (await tenant.Admin.PostAsync("/v1/accounts/scan/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        var error = test.GetProperty("incoming").GetProperty("error").GetString();
        Assert.Equal(1, ssh.Connections);
        Assert.False(test.GetProperty("incoming").GetProperty("ok").GetBoolean());
        Assert.Contains("broke the protocol", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SSH", error, StringComparison.Ordinal);
        Assert.DoesNotContain("bastion", test.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AutoSecurityOnAServerWithoutStartTlsFailsWithoutSendingTheLogin()
    {
        await using var imap = ScriptedServer.ImapWithoutStartTls();
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna", "stolen-if-sent-7c1").With($$$"""
            {"server":{"incoming":{"host":"127.0.0.1","security":null},"outgoing":{"host":null}},"advanced":{"incomingPort":{{{imap.Port}}}}}
            """);
        await tenant.CreateAccountAsync("mitm", document);

        var test = await (await tenant.Admin.PostAsync("/v1/accounts/mitm/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, imap.Connections);
        Assert.False(test.GetProperty("incoming").GetProperty("ok").GetBoolean());
        Assert.Contains("TLS", test.GetProperty("incoming").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(imap.Lines, l => l.Contains("LOGIN", StringComparison.OrdinalIgnoreCase) || l.Contains("AUTHENTICATE", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(imap.Lines, l => l.Contains("stolen-if-sent-7c1", StringComparison.Ordinal));
    }
}
