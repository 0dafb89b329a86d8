using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailGrains.Testing;

/// <summary>
/// A real HTTP webhook receiver for tests: Kestrel on 127.0.0.1 (a port the system picks, kept across
/// <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>), accepting POSTs on any path. It records every
/// request as a <see cref="ReceivedWebhook"/>, verified with the independent <c>StandardWebhooks</c> package, and
/// answers as programmed (<see cref="Reply"/>, <see cref="ReplyNext"/>; 200 by default). Dispose it: nothing stays
/// listening, and requests held open are dropped.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private string[] _secrets;
    private readonly X509Certificate2? _certificate;
    private readonly Lock _lock = new();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly List<StreamedBody> _streams = [];
    private readonly Queue<WebhookReply> _next = new();
    private WebhookReply _standing = WebhookReply.Ok;
    private TaskCompletionSource _changed = NewSignal();
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();

    private WebhookReceiver(string[] secrets, X509Certificate2? certificate)
    {
        _secrets = secrets;
        _certificate = certificate;
    }

    /// <summary>The loopback port; the same after a stop and a new start.</summary>
    public int Port { get; private set; }

    /// <summary>Where to post: <c>http://127.0.0.1:{port}/webhooks</c> (https when started with a certificate).</summary>
    public Uri Url => new($"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/webhooks");

    /// <summary>False between <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>: connections are refused.</summary>
    public bool IsListening => _app is not null;

    /// <summary>Every request so far, in order of arrival.</summary>
    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts a receiver that verifies signatures with <paramref name="secrets"/> (<c>whsec_…</c>; none: nothing verifies).</summary>
    public static async Task<WebhookReceiver> StartAsync(params string[] secrets)
    {
        var receiver = new WebhookReceiver(secrets, null);
        await receiver.ListenAsync(port: 0);
        return receiver;
    }

    /// <summary>Starts a receiver that speaks https with <paramref name="certificate"/> (with its private key), e.g. <see cref="TestTlsCertificate.ForLoopback"/>.</summary>
    public static async Task<WebhookReceiver> StartHttpsAsync(X509Certificate2 certificate, params string[] secrets)
    {
        var receiver = new WebhookReceiver(secrets, certificate);
        await receiver.ListenAsync(port: 0);
        return receiver;
    }

    /// <summary>
    /// Verifies from now on with <paramref name="secrets"/> instead: a subscription's secret exists only once the
    /// subscription does, which needs this receiver's URL first.
    /// </summary>
    public void Trust(params string[] secrets)
    {
        lock (_lock)
        {
            _secrets = secrets;
        }
    }

    /// <summary>Answers every request from now on with <paramref name="reply"/> (after any queued by <see cref="ReplyNext"/>).</summary>
    public void Reply(WebhookReply reply)
    {
        lock (_lock)
        {
            _standing = reply;
        }
    }

    /// <summary>Answers the next requests with <paramref name="replies"/>, one each, in order; then the standing reply again.</summary>
    public void ReplyNext(params WebhookReply[] replies)
    {
        lock (_lock)
        {
            foreach (var reply in replies)
            {
                _next.Enqueue(reply);
            }
        }
    }

    /// <summary>Goes down: the port is closed (connections are refused) and requests held open are dropped. The records stay.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;
        await _stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        _stopping.Dispose();
        _stopping = new();
    }

    /// <summary>Comes up again on the same port.</summary>
    public async Task StartAgainAsync()
    {
        if (_app is null)
        {
            await ListenAsync(Port);
        }
    }

    /// <summary>The first received request that matches, waiting up to <paramref name="timeout"/> for it.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> predicate, TimeSpan timeout)
        => (await WaitUntilAsync(all => all.Any(predicate), timeout)).First(predicate);

    /// <summary>Every request so far, once <paramref name="condition"/> holds for them; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitUntilAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan timeout)
        => await WaitAsync(() => Received, condition, timeout, "webhook requests");

    /// <summary>
    /// The first long body (<see cref="WebhookReply.Stream"/>, <see cref="WebhookReply.Endless"/>) whose writing ended:
    /// it was all written, or the client went away. Kestrel drops writes to a connection the client has closed
    /// and says so only a moment later, so a finite body may count as written in full although the client read
    /// little of it; an endless one ends only when the client lets go.
    /// </summary>
    public async Task<StreamedBody> WaitForStreamEndAsync(TimeSpan timeout)
    {
        var ended = await WaitAsync(() => { lock (_lock) { return _streams.ToArray(); } }, s => s.Length > 0, timeout, "a streamed body to end");
        return ended[0];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task<T> WaitAsync<T>(Func<T> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            var now = read();
            if (condition(now))
            {
                return now;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                if (_certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
            // Only the client may cut a long answer short: a test of how much the client reads must not see Kestrel's own cut.
            k.Limits.MinResponseDataRate = null;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        var stopping = _stopping.Token;
        app.Run(http => AnswerAsync(http, stopping));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        _app = app;
    }

    private async Task AnswerAsync(HttpContext http, CancellationToken stopping)
    {
        var arrived = DateTimeOffset.UtcNow;
        var body = await WebhookRequests.ReadBodyAsync(http.Request);
        var reply = NextReply();
        Record(WebhookRequests.Describe(http.Request, body, _secrets, reply.StatusCode, arrived));

        using var both = CancellationTokenSource.CreateLinkedTokenSource(stopping, http.RequestAborted);
        try
        {
            await Task.Delay(reply.Hangs ? Timeout.InfiniteTimeSpan : reply.Delay, both.Token);
        }
        catch (OperationCanceledException)
        {
            http.Abort();
            return;
        }

        var response = http.Response;
        response.StatusCode = reply.StatusCode;
        if (reply.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter;
        }

        if (reply.Location is { } location)
        {
            response.Headers.Location = location.ToString();
        }

        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (reply.StreamedBytes > 0)
        {
            await StreamAsync(response, reply.StreamedBytes, both.Token);
        }
        else if (reply.Body is { } text)
        {
            await response.WriteAsync(text, both.Token);
        }
    }

    private async Task StreamAsync(HttpResponse response, long bytes, CancellationToken cancellationToken)
    {
        if (bytes != long.MaxValue)
        {
            response.ContentLength = bytes;
        }

        var chunk = Encoding.ASCII.GetBytes(new string('x', ChunkBytes));
        long written = 0;
        try
        {
            while (written < bytes)
            {
                var size = (int)Math.Min(chunk.Length, bytes - written);
                await response.Body.WriteAsync(chunk.AsMemory(0, size), cancellationToken);
                written += size;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away (or the receiver stopped): that is what the record says.
        }

        // Once the client has closed the connection, Kestrel completes writes without sending them, and it may learn of
        // the close only after the last one: a closed connection counts as cut off whatever the count says.
        var aborted = written < bytes || await CancelledWithinAsync(TimeSpan.FromSeconds(1), cancellationToken);
        lock (_lock)
        {
            _streams.Add(new(bytes, written, aborted));
        }

        Signal();
    }

    private static async Task<bool> CancelledWithinAsync(TimeSpan wait, CancellationToken token)
    {
        try
        {
            await Task.Delay(wait, token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private WebhookReply NextReply()
    {
        lock (_lock)
        {
            return _next.TryDequeue(out var next) ? next : _standing;
        }
    }

    private void Record(ReceivedWebhook received)
    {
        lock (_lock)
        {
            _received.Add(received);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A long body a <see cref="WebhookReceiver"/> wrote: how much of it, and whether the client cut it off.</summary>
public sealed record StreamedBody(long Planned, long Written, bool CutOff);
