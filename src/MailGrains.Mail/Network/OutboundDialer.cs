using System.Net;
using System.Net.Sockets;

namespace MailGrains.Mail.Network;

/// <summary>
/// Opens every outbound TCP connection made on a tenant's behalf: resolves the host itself, checks each address
/// against the <see cref="NetworkPolicy"/>, and connects to a checked address, so a DNS answer that changes between
/// check and connect (rebinding) cannot lead anywhere else. Mail clients are handed the connected socket; an HTTP
/// client can use it through <c>SocketsHttpHandler.ConnectCallback</c>.
/// </summary>
public sealed class OutboundDialer(NetworkPolicy policy)
{
    /// <summary>A connected socket to <paramref name="host"/>; throws <see cref="OutboundPolicyException"/> before any connection attempt when the policy refuses the port or any address the host resolves to.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (!policy.AllowsPort(port))
        {
            throw new OutboundPolicyException(NetworkPolicy.PortRefusal(port));
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // All or nothing: a name that also resolves to a refused address is refused, whichever address would answer first.
        foreach (var address in addresses)
        {
            if (policy.Refusal(host, address, port) is { } refusal)
            {
                throw new OutboundPolicyException(refusal);
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
