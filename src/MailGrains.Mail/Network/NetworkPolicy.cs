using System.Net;

namespace MailGrains.Mail.Network;

/// <summary>
/// Decides whether the service may connect to an address and port on a tenant's behalf.
/// <para>
/// An address is judged by where it really leads (<see cref="NetworkRanges.Destination"/>: the IPv4 address inside
/// an IPv4-mapped, compatible, NAT64 or 6to4 address). Among the operator's <c>Allow</c> and <c>Deny</c> entries
/// that contain it, the most specific (longest prefix) decides, and <c>Deny</c> wins a tie; when no entry contains
/// it, <see cref="NetworkRanges.RefusedByDefault"/> decides. So <c>Allow 10.1.2.0/24</c> opens one internal network,
/// and <c>Deny 0.0.0.0/0</c> with <c>Allow 203.0.113.0/24</c> allows only that network.
/// </para>
/// <para>A port is refused when it is listed in <c>DeniedPorts</c> (the cluster's own ports are added there), or when
/// <c>AllowedPorts</c> is not empty and does not list it. No address entry overrides a port refusal.</para>
/// </summary>
public sealed class NetworkPolicy
{
    private readonly (IPNetwork Network, bool Allow)[] _rules;
    private readonly HashSet<int> _allowedPorts;
    private readonly HashSet<int> _deniedPorts;

    public NetworkPolicy(NetworkPolicyOptions options)
    {
        _rules =
        [
            .. options.Allow.Select(a => (Parse(a), true)),
            .. options.Deny.Select(d => (Parse(d), false)),
        ];
        _allowedPorts = [.. options.AllowedPorts];
        _deniedPorts = [.. options.DeniedPorts];
    }

    /// <summary>The production default: no operator entries.</summary>
    public static NetworkPolicy Default { get; } = new(new NetworkPolicyOptions());

    public bool AllowsAddress(IPAddress address)
    {
        var destination = NetworkRanges.Destination(address);
        (int Prefix, bool Allow)? decisive = null;
        foreach (var (network, allow) in _rules)
        {
            if (network.Contains(destination)
                && (decisive is not { } best || network.PrefixLength > best.Prefix || (network.PrefixLength == best.Prefix && !allow)))
            {
                decisive = (network.PrefixLength, allow);
            }
        }

        return decisive?.Allow ?? !NetworkRanges.RefusedByDefault.Any(n => n.Contains(destination));
    }

    public bool AllowsPort(int port)
        => port is >= 1 and <= 65535 && !_deniedPorts.Contains(port) && (_allowedPorts.Count == 0 || _allowedPorts.Contains(port));

    /// <summary>
    /// Why a connection to <paramref name="host"/> (as the tenant wrote it) on <paramref name="port"/> through
    /// <paramref name="address"/> is refused, as a sentence for the tenant; null when it is allowed.
    /// </summary>
    public string? Refusal(string host, IPAddress address, int port)
    {
        if (!AllowsPort(port))
        {
            return PortRefusal(port);
        }

        if (AllowsAddress(address))
        {
            return null;
        }

        return IPAddress.TryParse(host, out _)
            ? $"{host} is an address this service's network policy does not allow."
            : $"{host} resolves to {address}, which this service's network policy does not allow.";
    }

    public static string PortRefusal(int port) => $"Port {port} is not allowed by this service's network policy.";

    private static IPNetwork Parse(string entry)
        => NetworkRanges.TryParse(entry, out var network) ? network : throw new ArgumentException($"'{entry}' is not a network.", nameof(entry));
}
