using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrains.Testing;

/// <summary>
/// A hostile IMAP server on loopback, scripted because no real server can be made to behave so: it greets, lets
/// anyone log in, and then never answers another command (a server that hangs or trickles). It records the
/// connections it took. A fake, and says so: the tests that use it are about what the silo does with such a server.
/// </summary>
public sealed class StallingImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;

    public StallingImapServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections the server has accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _sessions]).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _sessions.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                await WriteAsync(stream, "* OK [CAPABILITY IMAP4rev1] stalling test server ready");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var parts = line.Split(' ', 3);
                    var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
                    if (command is "CAPABILITY")
                    {
                        await WriteAsync(stream, "* CAPABILITY IMAP4rev1");
                        await WriteAsync(stream, $"{parts[0]} OK done");
                    }
                    else if (command is "LOGIN" or "AUTHENTICATE")
                    {
                        await WriteAsync(stream, $"{parts[0]} OK logged in");
                    }
                    else
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token); // and never answers
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // the client gave up or the test ended
            }
        }
    }

    private async Task WriteAsync(Stream stream, string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        await stream.WriteAsync(bytes, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }
}
