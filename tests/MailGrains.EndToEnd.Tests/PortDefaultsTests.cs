using System.Net;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// Port 0 means the standard port for protocol and security; a GET shows the port actually used as the
/// read-only <c>resolvedIncomingPort</c> / <c>resolvedOutgoingPort</c>, and an explicit port as is.
/// </summary>
public sealed class PortDefaultsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("imap", "none", 143)]
    [InlineData("imap", "starttls", 143)]
    [InlineData("imap", "auto", 143)]
    [InlineData("imap", "ssl", 993)]
    [InlineData("pop3", "none", 110)]
    [InlineData("pop3", "starttls", 110)]
    [InlineData("pop3", "auto", 110)]
    [InlineData("pop3", "ssl", 995)]
    public async Task TheIncomingPortDefaultsToTheStandardPortOfProtocolAndSecurity(string protocol, string security, int port)
    {
        var ports = await StoreAsync(Server(new JsonObject { ["protocol"] = protocol, ["security"] = security }, outgoing: null), 0, 0);

        Assert.Equal(new Ports(0, port, 0, 587), ports);
    }

    [Theory]
    [InlineData("ssl", 465)]
    [InlineData("none", 25)]
    [InlineData("starttls", 587)]
    [InlineData("auto", 587)]
    public async Task TheOutgoingPortDefaultsToTheStandardPortOfTheSecurity(string security, int port)
    {
        var ports = await StoreAsync(Server(incoming: null, new JsonObject { ["security"] = security }), 0, 0);

        Assert.Equal(new Ports(0, 993, 0, port), ports);
    }

    [Theory]
    [InlineData("imap", "ssl", 1993, "ssl", 2465)]
    [InlineData("pop3", "none", 1, "none", 65535)]
    [InlineData("imap", "auto", 143, "auto", 25)]
    public async Task AnExplicitPortIsShownAsIs(string protocol, string incomingSecurity, int incomingPort, string outgoingSecurity, int outgoingPort)
    {
        var server = Server(new JsonObject { ["protocol"] = protocol, ["security"] = incomingSecurity }, new JsonObject { ["security"] = outgoingSecurity });

        var ports = await StoreAsync(server, incomingPort, outgoingPort);

        Assert.Equal(new Ports(incomingPort, incomingPort, outgoingPort, outgoingPort), ports);
    }

    [Fact]
    public async Task TheResolvedPortFollowsAChangeOfSecurity()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        await Requests.ReadAsync(await tenant.PatchAccountAsync("sales", """{"server":{"incoming":{"security":"starttls"},"outgoing":{"security":"ssl"}}}"""), HttpStatusCode.OK);

        Assert.Equal(new Ports(0, 143, 0, 465), PortsOf(await tenant.GetAccountAsync("sales")));
    }

    /// <summary>Creates an account from the complete IMAP one (ssl in, starttls out) with these server settings and ports; returns what a GET shows.</summary>
    private async Task<Ports> StoreAsync(JsonObject server, int incomingPort, int outgoingPort)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        var document = AccountDocuments.CompleteImap("anna").With(new JsonObject
        {
            ["server"] = server,
            ["advanced"] = new JsonObject { ["incomingPort"] = incomingPort, ["outgoingPort"] = outgoingPort },
        });
        await tenant.CreateAccountAsync("sales", document);
        return PortsOf(await tenant.GetAccountAsync("sales"));
    }

    private static JsonObject Server(JsonObject? incoming, JsonObject? outgoing)
    {
        var server = new JsonObject();
        if (incoming is not null)
        {
            server["incoming"] = incoming;
        }

        if (outgoing is not null)
        {
            server["outgoing"] = outgoing;
        }

        return server;
    }

    private static Ports PortsOf(JsonObject account)
    {
        var advanced = account["advanced"]!;
        return new Ports(
            advanced["incomingPort"]!.GetValue<int>(),
            advanced["resolvedIncomingPort"]!.GetValue<int>(),
            advanced["outgoingPort"]!.GetValue<int>(),
            advanced["resolvedOutgoingPort"]!.GetValue<int>());
    }

    private sealed record Ports(int Incoming, int ResolvedIncoming, int Outgoing, int ResolvedOutgoing);
}
