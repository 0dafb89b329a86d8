using System.ComponentModel.DataAnnotations;
using System.Net;
using MailGrains.Mail.Network;

namespace MailGrains.Mail.Tests.Network;

/// <summary>The outbound network policy on its own: the built-in refused ranges, their IPv6 disguises, operator entries and ports.</summary>
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> RefusedByDefault => new()
    {
        "127.0.0.1", "127.1.2.3", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
        "169.254.169.254", "169.254.0.1", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.254",
        "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.255.255.250",
        "240.0.0.1", "255.255.255.255",
        "::", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1", "2001:db8::1", "100::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "64:ff9b:1::a00:1",
        // IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms of refused IPv4 addresses
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::ffff:0.0.0.0", "::ffff:192.168.1.1",
        "::127.0.0.1", "::169.254.169.254", "64:ff9b::a9fe:a9fe", "64:ff9b::10.1.2.3", "2002:7f00:1::", "2002:a9fe:a9fe::1",
    };

    public static TheoryData<string> AllowedByDefault => new()
    {
        "1.1.1.1", "8.8.8.8", "93.184.215.14", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
        "169.253.255.255", "192.169.0.1", "223.255.255.254",
        "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    };

    [Theory]
    [MemberData(nameof(RefusedByDefault))]
    public void TheDefaultPolicyRefusesLocalPrivateAndReservedAddressesInEveryForm(string address)
        => Assert.False(NetworkPolicy.Default.AllowsAddress(IPAddress.Parse(address)), address);

    [Theory]
    [MemberData(nameof(AllowedByDefault))]
    public void TheDefaultPolicyAllowsPublicAddresses(string address)
        => Assert.True(NetworkPolicy.Default.AllowsAddress(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("127.1")]
    [InlineData("0")]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("::ffff:7f00:1")]
    public void ShortAndNumericSpellingsOfLoopbackAreRefused(string literal)
        => Assert.False(NetworkPolicy.Default.AllowsAddress(IPAddress.Parse(literal)), literal);

    [Fact]
    public void AnOperatorsAllowEntryOpensExactlyItsNetwork()
    {
        var policy = new NetworkPolicy(new NetworkPolicyOptions { Allow = ["10.1.2.0/24"] });

        Assert.True(policy.AllowsAddress(IPAddress.Parse("10.1.2.7")));
        Assert.True(policy.AllowsAddress(IPAddress.Parse("::ffff:10.1.2.7")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("10.1.3.7")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("127.0.0.1")));
    }

    [Fact]
    public void TheMostSpecificOperatorEntryDecidesAndDenyWinsATie()
    {
        var policy = new NetworkPolicy(new NetworkPolicyOptions
        {
            Allow = ["10.0.0.0/8", "203.0.113.0/24", "198.51.100.7"],
            Deny = ["10.9.0.0/16", "0.0.0.0/0", "198.51.100.7/32"],
        });

        Assert.True(policy.AllowsAddress(IPAddress.Parse("10.1.1.1")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("10.9.1.1")));
        Assert.True(policy.AllowsAddress(IPAddress.Parse("203.0.113.9")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("8.8.8.8")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("198.51.100.7")));
    }

    [Fact]
    public void AnOperatorsDenyEntryRefusesAPublicNetwork()
    {
        var policy = new NetworkPolicy(new NetworkPolicyOptions { Deny = ["8.8.8.0/24", "2606:4700::/32"] });

        Assert.False(policy.AllowsAddress(IPAddress.Parse("8.8.8.8")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("::ffff:8.8.8.8")));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("2606:4700:4700::1111")));
        Assert.True(policy.AllowsAddress(IPAddress.Parse("1.1.1.1")));
    }

    [Fact]
    public void DeniedPortsAreRefusedAndAnAllowedPortListIsExclusive()
    {
        var denied = new NetworkPolicy(new NetworkPolicyOptions { DeniedPorts = [11111, 30000] });
        var listed = new NetworkPolicy(new NetworkPolicyOptions { AllowedPorts = [993, 465], DeniedPorts = [465] });

        Assert.False(denied.AllowsPort(11111));
        Assert.False(denied.AllowsPort(30000));
        Assert.True(denied.AllowsPort(993));
        Assert.False(denied.AllowsPort(0));
        Assert.True(listed.AllowsPort(993));
        Assert.False(listed.AllowsPort(143));
        Assert.False(listed.AllowsPort(465));
    }

    [Fact]
    public void ARefusalNamesTheHostAndTheAddressItResolvedTo()
    {
        Assert.Equal(
            "mail.example.com resolves to 10.0.0.5, which this service's network policy does not allow.",
            NetworkPolicy.Default.Refusal("mail.example.com", IPAddress.Parse("10.0.0.5"), 993));
        Assert.Null(NetworkPolicy.Default.Refusal("mail.example.com", IPAddress.Parse("8.8.8.8"), 993));
        Assert.Contains("Port 11111", new NetworkPolicy(new NetworkPolicyOptions { DeniedPorts = [11111] }).Refusal("8.8.8.8", IPAddress.Parse("8.8.8.8"), 11111), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3/24")]
    [InlineData("mail.example.com")]
    [InlineData("10.0.0.0/33")]
    [InlineData("")]
    public void AMalformedNetworkEntryNamesTheSetting(string entry)
    {
        var options = new NetworkPolicyOptions { Allow = [entry] };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains("MailGrains:Network:Allow:0", results.Single().ErrorMessage, StringComparison.Ordinal);
    }
}
