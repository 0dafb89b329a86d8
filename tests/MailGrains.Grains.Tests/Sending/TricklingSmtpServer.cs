using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>
/// A scripted hostile server on a loopback port, not a real SMTP server: it accepts every connection and greets
/// with a multi-line <c>220-</c> reply that never ends, one byte every 200 ms. Every single read gets data in
/// time, so only an overall deadline ends a client's wait.
/// </summary>
internal sealed class TricklingSmtpServer : IAsyncDisposable
{
    private static readonly byte[] s_line = Encoding.ASCII.GetBytes("220-still greeting\r\n");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public TricklingSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var clients = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                clients.Add(TrickleAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            await Task.WhenAll(clients);
        }
    }

    private async Task TrickleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                for (var i = 0; ; i++)
                {
                    await stream.WriteAsync(s_line.AsMemory(i % s_line.Length, 1), _stop.Token);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // the client gave up, or the test is over
            }
        }
    }
}
