using System.Net;
using System.Net.Sockets;

namespace MailGrains.Mail.Network;

/// <summary>The address ranges no tenant may reach unless the operator allows them, and how IPv6 forms of IPv4 addresses are unwrapped.</summary>
public static class NetworkRanges
{
    /// <summary>
    /// Refused by default: this host and "this network", private and shared (CGNAT) networks, link-local (cloud
    /// metadata at 169.254.169.254), documentation and benchmark ranges, multicast, reserved and broadcast, and the
    /// IPv6 counterparts (unique-local, link-local, site-local, Teredo, local-use NAT64).
    /// </summary>
    public static IReadOnlyList<IPNetwork> RefusedByDefault { get; } =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "100::/64", "2001::/32", "2001:db8::/32", "64:ff9b:1::/48", "fc00::/7",
            "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork s_nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork s_6to4 = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork s_ipv4Compatible = IPNetwork.Parse("::/96");

    /// <summary>A network in CIDR form (<c>10.1.2.0/24</c>) or one address (<c>10.1.2.3</c>, a /32 or /128).</summary>
    public static bool TryParse(string? value, out IPNetwork network)
    {
        network = default;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // Host bits are refused rather than masked: 10.1.2.3/8 more likely means a typing error than 10.0.0.0/8.
            return IPNetwork.TryParse(text, out network)
                && IPAddress.TryParse(text[..slash], out var written)
                && written.Equals(network.BaseAddress);
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    /// <summary>
    /// The address a connection really reaches: the IPv4 address inside an IPv4-mapped (<c>::ffff:a.b.c.d</c>),
    /// IPv4-compatible (<c>::a.b.c.d</c>), NAT64 (<c>64:ff9b::a.b.c.d</c>) or 6to4 (<c>2002:aabb:ccdd::</c>) address;
    /// any other address as it is (without a scope id).
    /// </summary>
    public static IPAddress Destination(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (s_nat64.Contains(address) || (s_ipv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6None) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (s_6to4.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        return address.ScopeId == 0 ? address : new IPAddress(bytes);
    }
}
