using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrains.Testing;

/// <summary>How a <see cref="HostileImapServer"/> misbehaves.</summary>
public enum HostileBehaviour
{
    /// <summary>After the login, never answers another command (a server that hangs or trickles).</summary>
    Stall,

    /// <summary>Has one message of 100 bytes, by its own account, and sends its body as an endless literal.</summary>
    EndlessLiteral,
}

/// <summary>
/// A hostile IMAP server on loopback, scripted because no real server can be made to behave so: it greets, lets
/// anyone log in, and then misbehaves (<see cref="HostileBehaviour"/>). It records the connections it took and the
/// bytes of message bodies it sent. A fake, and says so: the tests that use it are about what the silo does with it.
/// </summary>
public sealed class HostileImapServer : IAsyncDisposable
{
    /// <summary>The endless literal stops here at the latest, so that a test that fails cannot fill the machine.</summary>
    public const long EndlessLiteralCap = 1L << 30;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private readonly Task _accepting;
    private readonly HostileBehaviour _behaviour;
    private int _connections;
    private long _bodyBytesSent;

    public HostileImapServer(HostileBehaviour behaviour = HostileBehaviour.Stall)
    {
        _behaviour = behaviour;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many bytes of message bodies the server managed to send.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

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
                    else if (_behaviour == HostileBehaviour.Stall)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token); // and never answers
                    }
                    else
                    {
                        await OneMessageFolderAsync(stream, parts[0], command, line);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // the client gave up or the test ended
            }
        }
    }

    /// <summary>INBOX with one message that is 100 bytes by its size and endless by its body.</summary>
    private async Task OneMessageFolderAsync(Stream stream, string tag, string command, string line)
    {
        if (command is "LIST")
        {
            await WriteAsync(stream, "* LIST (\\HasNoChildren) \"/\" INBOX");
        }
        else if (command is "SELECT" or "EXAMINE")
        {
            await WriteAsync(stream, "* 1 EXISTS");
            await WriteAsync(stream, "* OK [UIDVALIDITY 7] ok");
            await WriteAsync(stream, "* OK [UIDNEXT 2] ok");
            await WriteAsync(stream, $"{tag} OK [READ-ONLY] done");
            return;
        }
        else if (command is "UID" && line.Contains("SEARCH", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(stream, "* SEARCH 1");
        }
        else if (command is "UID" && line.Contains("BODY.PEEK[]", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(stream, "* 1 FETCH (UID 1 BODY[] {2000000000}");
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            while (BodyBytesSent < EndlessLiteralCap)
            {
                await stream.WriteAsync(chunk, _stop.Token);
                Interlocked.Add(ref _bodyBytesSent, chunk.Length);
            }

            return;
        }
        else if (command is "UID" && line.Contains("FETCH", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(stream, "* 1 FETCH (UID 1 RFC822.SIZE 100)");
        }

        await WriteAsync(stream, $"{tag} OK done");
    }

    private async Task WriteAsync(Stream stream, string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        await stream.WriteAsync(bytes, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }
}
