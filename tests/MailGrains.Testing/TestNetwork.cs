using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using Microsoft.Extensions.Configuration;

namespace MailGrains.Testing;

/// <summary>
/// The outbound policy a test silo or gateway runs with. The test mail servers listen on loopback and speak plain
/// text on some ports, and the test Postfix relays without a login, so fixtures run <see cref="TestServers"/>
/// unless a test is about the production default (<see cref="ProductionDefault"/>: no operator settings at all).
/// </summary>
public sealed class TestNetwork
{
    private readonly KeyValuePair<string, string?>[] _settings;

    private TestNetwork(params KeyValuePair<string, string?>[] settings) => _settings = settings;

    /// <summary>Loopback allowed, plaintext and unauthenticated relay allowed, webhooks over plain http: what the test servers and receivers need.</summary>
    public static TestNetwork TestServers { get; } = new(
        new("MailGrains:Network:Allow:0", "127.0.0.0/8"),
        new("MailGrains:Network:Allow:1", "::1/128"),
        new("MailGrains:Mail:AllowPlaintext", "true"),
        new("MailGrains:Mail:AllowUnauthenticatedSmtp", "true"),
        new("MailGrains:Webhooks:AllowPlainHttp", "true"));

    /// <summary>No outbound settings: loopback, private networks, plaintext, sending without login and http webhooks are refused.</summary>
    public static TestNetwork ProductionDefault { get; } = new();

    /// <summary>This policy with one more setting, e.g. an operator's <c>MailGrains:Network:Allow:0</c>.</summary>
    public TestNetwork With(string key, string? value) => new([.. _settings, new(key, value)]);

    /// <summary>Configuration keys (with <c>:</c>) for a silo or gateway.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() => _settings;

    /// <summary>A mail connector with this policy, for tests that use one without a silo.</summary>
    public MailConnector Connector(CertificatePolicy? certificates = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var network = configuration.GetSection(NetworkPolicyOptions.SectionName).Get<NetworkPolicyOptions>() ?? new();
        var transport = configuration.GetSection(MailTransportOptions.SectionName).Get<MailTransportOptions>() ?? new();
        return new MailConnector(certificates ?? CertificatePolicy.SystemOnly, new OutboundDialer(new NetworkPolicy(network)), transport);
    }
}
