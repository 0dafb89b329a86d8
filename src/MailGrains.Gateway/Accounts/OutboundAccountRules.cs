using System.Net;
using MailGrains.Accounts;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// Refuses, when an account is saved, servers the silo would never connect to under the operator's policy: an IP
/// address or <c>localhost</c> the network policy refuses, a refused port, security <c>none</c> without the
/// operator's consent, and sending without a login unless unauthenticated relay is allowed. A host name is not
/// resolved here: the silo checks what it resolves to each time it connects.
/// </summary>
internal sealed class OutboundAccountRules(NetworkPolicy policy, IOptions<MailTransportOptions> transport)
{
    private static readonly IPAddress[] s_localhost = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    /// <summary>The refused fields, by JSON path; empty when the silo would connect.</summary>
    public Dictionary<string, string[]> Check(AccountDocument d)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var incoming = d.Server?.Incoming;
        if (!string.IsNullOrWhiteSpace(incoming?.Host))
        {
            var security = incoming.Security ?? Security.Auto;
            Server(incoming.Host.Trim(), security, "server.incoming", errors);
            Port(d.Advanced?.IncomingPort ?? 0, p => StandardPorts.Incoming(incoming.Protocol ?? MailProtocol.Imap, security, p), "advanced.incomingPort", errors);
        }

        var outgoing = d.Server?.Outgoing;
        if (!string.IsNullOrWhiteSpace(outgoing?.Host))
        {
            var security = outgoing.Security ?? Security.Auto;
            Server(outgoing.Host.Trim(), security, "server.outgoing", errors);
            Port(d.Advanced?.OutgoingPort ?? 0, p => StandardPorts.Outgoing(security, p), "advanced.outgoingPort", errors);
            if (string.IsNullOrWhiteSpace(outgoing.UserName) && !transport.Value.AllowUnauthenticatedSmtp)
            {
                errors["server.outgoing.userName"] = ["Required: this service sends only after logging in to the outgoing server."];
            }
        }

        return errors;
    }

    private void Server(string host, Security security, string field, Dictionary<string, string[]> errors)
    {
        if (Addresses(host) is { } addresses && !addresses.All(policy.AllowsAddress))
        {
            errors[$"{field}.host"] = [$"This service's network policy does not allow connections to {host}."];
        }

        if (security == Security.None && !transport.Value.AllowPlaintext)
        {
            errors[$"{field}.security"] = ["This service does not allow mail connections without TLS: choose auto, ssl or starttls."];
        }
    }

    private void Port(int port, Func<int, int> resolve, string field, Dictionary<string, string[]> errors)
    {
        if (port is >= 0 and <= 65535 && resolve(port) is var resolved && !policy.AllowsPort(resolved))
        {
            errors[field] = [NetworkPolicy.PortRefusal(resolved)];
        }
    }

    /// <summary>The addresses a host stands for without asking DNS: an IP literal in any form .NET parses, or a <c>localhost</c> name; null for any other name.</summary>
    private static IPAddress[]? Addresses(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? s_localhost
            : null;
    }
}
