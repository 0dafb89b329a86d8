using MailGrains.Grains.Webhooks;
using MailGrains.Mail.Network;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>Which webhook URLs the service posts to, under the production default policy and under an operator's settings.</summary>
public sealed class WebhookUrlRulesTests
{
    private static readonly WebhookUrlRules s_production = new(NetworkPolicy.Default, Options.Create(new WebhookOptions()));

    [Theory]
    [InlineData("https://crm.example.com/hooks/mail")]
    [InlineData("https://crm.example.com:8443/hooks/mail?tenant=acme&x=%20")]
    [InlineData("HTTPS://CRM.EXAMPLE.COM/")]
    [InlineData("https://xn--bcher-kva.example/in")]
    [InlineData("https://93.184.215.14/in")]
    [InlineData("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/in")]
    public void AnHttpsUrlOfAPublicHostIsAccepted(string url) => Assert.Null(s_production.Refusal(url));

    [Theory]
    [InlineData(null, "Required")]
    [InlineData("", "Required")]
    [InlineData("crm.example.com/hooks", "absolute https URL")]
    [InlineData("/hooks/mail", "absolute https URL")]
    [InlineData("ftp://crm.example.com/hooks", "absolute https URL")]
    [InlineData("file:///etc/passwd", "absolute https URL")]
    [InlineData("https:crm.example.com/hooks", "absolute https URL")]
    [InlineData("https://", "absolute https URL")]
    [InlineData("http://crm.example.com/hooks", "Must be https")]
    [InlineData("https://user:pass@crm.example.com/hooks", "user name or password")]
    [InlineData("https://@crm.example.com/hooks", "user name or password")]
    [InlineData("https://crm.example.com/hooks#part", "fragment")]
    [InlineData("https://crm.example.com/hooks#", "fragment")]
    [InlineData("https://crm.example.com/hooks mail", "characters of a URL")]
    [InlineData("https://crm.example.com/hooks\n", "characters of a URL")]
    [InlineData("https://crm.example.com\\@evil.example/", "characters of a URL")]
    [InlineData("https://bücher.example/in", "characters of a URL")]
    [InlineData("https://127.0.0.1/in", "network policy")]
    [InlineData("https://127.1/in", "network policy")]
    [InlineData("https://2130706433/in", "network policy")]
    [InlineData("https://0x7f.0.0.1/in", "network policy")]
    [InlineData("https://[::1]/in", "network policy")]
    [InlineData("https://[::ffff:169.254.169.254]/in", "network policy")]
    [InlineData("https://169.254.169.254/latest/meta-data", "network policy")]
    [InlineData("https://10.0.0.1/in", "network policy")]
    [InlineData("https://192.168.1.10/in", "network policy")]
    [InlineData("https://localhost/in", "network policy")]
    [InlineData("https://LocalHost./in", "network policy")]
    [InlineData("https://hooks.localhost/in", "network policy")]
    public void ARefusedUrlSaysWhy(string? url, string reason)
        => Assert.Contains(reason, s_production.Refusal(url), StringComparison.Ordinal);

    [Fact]
    public void AUrlLongerThan2048CharactersIsRefused()
    {
        var prefix = "https://crm.example.com/";
        Assert.Null(s_production.Refusal(prefix + new string('a', 2048 - prefix.Length)));
        Assert.Contains("2048", s_production.Refusal(prefix + new string('a', 2049 - prefix.Length)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheOperatorsSettingsAllowLoopbackAndPlainHttpAndRestrictPorts()
    {
        var operatorPolicy = new NetworkPolicy(new NetworkPolicyOptions { Allow = ["127.0.0.0/8", "::1/128"], AllowedPorts = [443, 8080], DeniedPorts = [8443] });
        var rules = new WebhookUrlRules(operatorPolicy, Options.Create(new WebhookOptions { AllowPlainHttp = true }));

        Assert.Null(rules.Refusal("http://127.0.0.1:8080/in"));
        Assert.Null(rules.Refusal("https://localhost/in"));
        Assert.Null(rules.Refusal("https://[::1]/in"));
        Assert.Contains("Port 80 ", rules.Refusal("http://crm.example.com/in"), StringComparison.Ordinal);
        Assert.Contains("Port 8443 ", rules.Refusal("https://crm.example.com:8443/in"), StringComparison.Ordinal);
        Assert.Contains("network policy", rules.Refusal("https://10.0.0.1/in"), StringComparison.Ordinal);
    }
}
