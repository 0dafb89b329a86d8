using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Saving an account whose server the operator's policy refuses is a 400 naming the field: addresses in any
/// spelling .NET parses and <c>localhost</c>, refused ports, security <c>none</c> and sending without a login. A host
/// name is not resolved when saved (the silo checks what it resolves to when it connects).
/// </summary>
public sealed class OutboundPolicyOnSaveTests(DefaultPolicyApiFixture api) : IClassFixture<DefaultPolicyApiFixture>
{
    /// <summary>An account the default policy accepts: servers by name, TLS, a login for sending.</summary>
    private static JsonObject Acceptable() => AccountDocuments.CompleteImap("anna").With(
        """{"server":{"incoming":{"host":"imap.example.test"},"outgoing":{"host":"smtp.example.test","userName":"sales"}}}""");

    [Theory]
    [InlineData("127.1")]
    [InlineData("127.0.0.1")]
    [InlineData("0")]
    [InlineData("169.254.169.254")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("::1")]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    [InlineData("imap.localhost")]
    public async Task ARefusedAddressOrLocalhostIsRefusedNamingTheHostField(string host)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = Acceptable().With(new JsonObject
        {
            ["server"] = new JsonObject { ["incoming"] = new JsonObject { ["host"] = host }, ["outgoing"] = new JsonObject { ["host"] = host } },
        });

        await tenant.AssertPutRefusedAsync(Acceptable(), () => new StringContent(document.ToJsonString(), System.Text.Encoding.UTF8, Requests.Json), HttpStatusCode.BadRequest, "server.incoming.host", "server.outgoing.host");
    }

    [Fact]
    public async Task AnAddressInANetworkTheOperatorAllowsIsSaved()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var saved = await tenant.CreateAccountAsync("internal", Acceptable().With("""{"server":{"incoming":{"host":"10.1.2.3"}}}"""));

        Assert.Equal("10.1.2.3", saved["server"]!["incoming"]!["host"]!.GetValue<string>());
        await Requests.AssertFieldErrorsAsync(await tenant.PutAccountAsync("next-door", Acceptable().With("""{"server":{"incoming":{"host":"10.1.3.3"}}}""")), HttpStatusCode.BadRequest, "server.incoming.host");
    }

    [Fact]
    public async Task PatchingTheHostToARefusedAddressIsRefused()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", Acceptable());

        var response = await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"host":"::ffff:a9fe:a9fe"}}}""");

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "server.incoming.host");
    }

    [Fact]
    public async Task PlaintextIsRefusedWhenTheOperatorDoesNotAllowIt()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var response = await tenant.PutAccountAsync("sales", Acceptable().With("""{"server":{"incoming":{"security":"none"},"outgoing":{"security":"none"}}}"""));

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "server.incoming.security", "server.outgoing.security");
    }

    [Fact]
    public async Task SendingWithoutALoginIsRefusedWhenTheOperatorDoesNotAllowUnauthenticatedRelay()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var response = await tenant.PutAccountAsync("sales", Acceptable().With("""{"server":{"outgoing":{"userName":null}}}"""));

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "server.outgoing.userName");
    }

    [Fact]
    public async Task TheClustersOwnPortsAreRefused()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");

        var response = await tenant.PutAccountAsync("sales", Acceptable().With("""{"advanced":{"incomingPort":11111,"outgoingPort":30000}}"""));

        await Requests.AssertFieldErrorsAsync(response, HttpStatusCode.BadRequest, "advanced.incomingPort", "advanced.outgoingPort");
    }
}
