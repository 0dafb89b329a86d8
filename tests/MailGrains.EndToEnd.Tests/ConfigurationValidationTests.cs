using MailGrains.Testing;
using Microsoft.Extensions.Options;

namespace MailGrains.EndToEnd.Tests;

/// <summary>A process with a bad setting refuses to start and names the setting, instead of misbehaving later.</summary>
public sealed class ConfigurationValidationTests
{
    [Theory]
    [InlineData("MailGrains:Storage:TablePrefix", "Bad_Prefix", "TablePrefix")]
    [InlineData("MailGrains:Storage:TableServiceUri", "https://a.table.core.windows.net", "TableServiceUri")]
    [InlineData("MailGrains:Cluster:AdvertisedAddress", "not-an-ip", "AdvertisedAddress")]
    [InlineData("MailGrains:Cluster:SiloPort", "70000", "SiloPort")]
    [InlineData("MailGrains:Telemetry:OtlpEndpoint", "collector:4317", "OtlpEndpoint")]
    [InlineData("MailGrains:Telemetry:OtlpProtocol", "udp", "OtlpProtocol")]
    [InlineData("MailGrains:Mail:MaxConcurrentFetches", "0", "MaxConcurrentFetches")]
    [InlineData("MailGrains:Mail:KeepImapSessionsUpToSeconds", "-1", "KeepImapSessionsUpToSeconds")]
    [InlineData("MailGrains:Mail:MaxConcurrentFetchesPerTenant", "0", "MaxConcurrentFetchesPerTenant")]
    [InlineData("MailGrains:Mail:MaxFetchSeconds", "5", "MaxFetchSeconds")]
    [InlineData("MailGrains:Mail:MaxIdleSessions", "-1", "MaxIdleSessions")]
    [InlineData("MailGrains:Mail:MaxMessageBytes", "200000000", "MaxMessageBytes")]
    [InlineData("MailGrains:Mail:MaxBatchBytes", "1000", "MaxBatchBytes")]
    [InlineData("MailGrains:Network:Allow:0", "10.1.2.3/24", "MailGrains:Network:Allow:0")]
    [InlineData("MailGrains:Network:Deny:0", "intranet", "MailGrains:Network:Deny:0")]
    [InlineData("MailGrains:Network:AllowedPorts:0", "70000", "MailGrains:Network:AllowedPorts")]
    [InlineData("MailGrains:Sending:SendDeadlineSeconds", "0", "SendDeadlineSeconds")]
    [InlineData("MailGrains:Sending:MaxQueueStateBytes", "2000000", "MaxQueueStateBytes")]
    [InlineData("MailGrains:Cluster:Tls:CertificateFile", "", "MailGrains:Cluster:Tls:CertificateFile")]
    [InlineData("MailGrains:Cluster:Tls:KeyFile", "", "MailGrains:Cluster:Tls:KeyFile")]
    [InlineData("MailGrains:Cluster:Tls:CaFiles:0", "/no/such/ca.crt", "MailGrains:Cluster:Tls:CaFiles:0")]
    [InlineData("MailGrains:Cluster:Tls:ReloadCheckSeconds", "0", "MailGrains:Cluster:Tls:ReloadCheckSeconds must be 1-86400")]
    [InlineData("MailGrains:OperatorKeySha256", "", "MailGrains:OperatorKeySha256 is required")]
    [InlineData("MailGrains:OperatorKeySha256", "an-operator-key-instead-of-its-hash", "MailGrains:OperatorKeySha256 must be 64 hex digits")]
    [InlineData("MailGrains:OperatorKeySha256", "0123456789abcdef", "MailGrains:OperatorKeySha256 must be 64 hex digits")]
    public async Task SiloWithABadSettingRefusesToStartAndNamesIt(string key, string value, string named)
    {
        await using var storage = new TestStorage();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => RealSilo.StartAsync(storage, FreshNames.ClusterId(), new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("google", "google", "", "MailGrains:OAuth2:Providers:google:ClientId is required")]
    [InlineData("google", "google", null, "MailGrains:OAuth2:RedirectUri")]
    [InlineData("corp", "oidc", "", "MailGrains:OAuth2:Providers:corp:Issuer")]
    [InlineData("corp", "yahoo", "", "MailGrains:OAuth2:Providers:corp:Kind must be google, microsoft or oidc")]
    [InlineData("Corp_Mail", "microsoft", "", "a provider's name is 1 to 32 lower-case letters")]
    public async Task SiloWithABadOAuth2ProviderRefusesToStartAndNamesIt(string provider, string kind, string? clientId, string named)
    {
        await using var storage = new TestStorage();
        var settings = new Dictionary<string, string?>
        {
            [$"MailGrains:OAuth2:Providers:{provider}:Kind"] = kind,
            [$"MailGrains:OAuth2:Providers:{provider}:ClientId"] = clientId ?? "a-client",
            [$"MailGrains:OAuth2:Providers:{provider}:ClientSecret"] = "a-secret",
        };
        if (clientId is not null)
        {
            settings["MailGrains:OAuth2:RedirectUri"] = "https://mail.example.com/v1/oauth2/callback";
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RealSilo.StartAsync(storage, FreshNames.ClusterId(), settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("too-short", "shorter than 32")]
    [InlineData("Xq3v9LmZ0pR7tW2yB5nK8cF1hJ4dG6s", "shorter than 32")]
    [InlineData("<at least 24 random characters>", "")]
    [InlineData("<generate with openssl rand -base64 32>", "placeholder")]
    [InlineData("changeme-changeme-changeme-changeme", "placeholder")]
    [InlineData("please-CHANGE-ME-before-going-to-production", "placeholder")]
    [InlineData("my-super-Secret-operator-key-for-prod-2026", "placeholder")]
    [InlineData("Password1234567890Password1234567890", "placeholder")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repeats a few characters")]
    [InlineData("abc123abc123abc123abc123abc123abc123", "repeats a few characters")]
    [InlineData("31415926535897932384626433832795", "too little entropy")]
    public async Task GatewayWithoutAProperOperatorKeyRefusesToStartSayingHowToGenerateOne(string operatorKey, string why)
    {
        await using var storage = new TestStorage();
        await using var gateway = new GatewayFactory(storage, FreshNames.ClusterId(), operatorKey);

        var error = Assert.Throws<OptionsValidationException>(() => gateway.CreateClient());

        Assert.Contains("MailGrains:OperatorKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
        Assert.True(operatorKey.Length == 0 || !error.Message.Contains(operatorKey, StringComparison.Ordinal), "the message quotes the key");
    }

    [Fact]
    public void KeysMadeTheWayTheDocsAndScriptsMakeThemAreAccepted()
    {
        // openssl rand -base64 32; up.sh's (the same without '/', '+', '='); the tests' own keys.
        var keys = Enumerable.Range(0, 1000).SelectMany(_ =>
        {
            var base64 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            return new[] { base64, base64.Replace("/", "", StringComparison.Ordinal).Replace("+", "", StringComparison.Ordinal).TrimEnd('='), "op-" + Guid.NewGuid().ToString("N") };
        });

        Assert.All(keys, key => Assert.Null(MailGrains.Gateway.Auth.OperatorKeyStrength.Weakness(key)));
    }

    [Theory]
    [InlineData("MailGrains:Telemetry:OtlpEndpoint", "not a url", "MailGrains:Telemetry:OtlpEndpoint")]
    [InlineData("MailGrains:Telemetry:OtlpEndpoint", "ftp://collector:4317", "MailGrains:Telemetry:OtlpEndpoint")]
    [InlineData("MailGrains:Telemetry:OtlpProtocol", "http", "MailGrains:Telemetry:OtlpProtocol")]
    [InlineData("MailGrains:Network:Allow:0", "not-a-network", "MailGrains:Network:Allow:0")]
    [InlineData("MailGrains:Cluster:Tls:CertificateFile", "", "MailGrains:Cluster:Tls:CertificateFile")]
    [InlineData("MailGrains:Cluster:Tls:CaFiles:0", "", "MailGrains:Cluster:Tls:CaFiles")]
    public async Task GatewayWithABadSettingRefusesToStartAndNamesIt(string key, string value, string named)
    {
        await using var storage = new TestStorage();
        await using var gateway = new GatewayFactory(storage, FreshNames.ClusterId(), settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => gateway.CreateClient());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
