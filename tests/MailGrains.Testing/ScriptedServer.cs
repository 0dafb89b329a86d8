using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailGrains.Testing;

/// <summary>
/// A small scripted TCP server on loopback that plays a hostile or broken server for tests (an SSH daemon where a
/// POP3 server should be, an IMAP server that offers no STARTTLS). It is not a mail server: it sends a fixed
/// greeting, records every line a client sends and answers each with the script's reply (null closes the
/// connection). It counts the connections it accepted, so a test can show that none was made.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _greeting;
    private readonly Func<string, string?> _reply;
    private readonly Task _accepting;
    private int _connections;

    private ScriptedServer(string greeting, Func<string, string?> reply)
    {
        _greeting = greeting;
        _reply = reply;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every line clients sent, in order.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Listens on a fresh loopback port; each connection gets <paramref name="greeting"/>, then <paramref name="reply"/> for each line.</summary>
    public static ScriptedServer Start(string greeting, Func<string, string?> reply) => new(greeting, reply);

    /// <summary>An IMAP server that advertises logins but no STARTTLS, and accepts any login.</summary>
    public static ScriptedServer ImapWithoutStartTls() => Start(
        "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN] scripted server ready",
        line =>
        {
            var tag = line.Split(' ')[0];
            var command = line.Split(' ').ElementAtOrDefault(1)?.ToUpperInvariant();
            return command switch
            {
                "CAPABILITY" => $"* CAPABILITY IMAP4rev1 AUTH=PLAIN LOGIN\r\n{tag} OK done",
                "LOGOUT" => $"* BYE bye\r\n{tag} OK done",
                _ => $"{tag} OK done",
            };
        });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await WriteAsync(stream, _greeting);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    _lines.Enqueue(line);
                    if (_reply(line) is not { } reply)
                    {
                        return;
                    }

                    await WriteAsync(stream, reply);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client hung up or the server stops: nothing left to play.
            }
        }
    }

    private async Task WriteAsync(NetworkStream stream, string text)
        => await stream.WriteAsync(Encoding.Latin1.GetBytes(text + "\r\n"), _stop.Token);
}
