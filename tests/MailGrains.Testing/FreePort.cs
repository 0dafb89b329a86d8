using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MailGrains.Testing;

/// <summary>
/// A loopback TCP port that nothing listens on right now, and that this test process has not handed out before:
/// the system may give the same free port to two calls in a row (a silo port and a gateway port, say).
/// </summary>
public static class FreePort
{
    private static readonly ConcurrentDictionary<int, bool> s_handedOut = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (s_handedOut.TryAdd(port, true))
            {
                return port;
            }
        }
    }
}
