using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace MailGrains.Bench.Sections.Realtime;

/// <summary>
/// A passive webhook receiver: Kestrel on 127.0.0.1 (a port the system picks) that answers 200 to every POST,
/// verifies each signature with the independent <c>StandardWebhooks</c> package and records the first arrival of
/// every verified <c>webhook-id</c> with the activity's subject; a second arrival of an id counts as a duplicate.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private const int MaxBodyBytes = 256 * 1024;

    private readonly ConcurrentDictionary<string, Arrival> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _bySubject = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _occurredBySubject = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private ImmutableArray<StandardWebhook> _verifiers = [];
    private int _duplicates;
    private int _unverified;

    private WebhookSink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Verified deliveries whose id had arrived before.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Requests whose signature did not verify (or that came before the secret was known).</summary>
    public int Unverified => Volatile.Read(ref _unverified);

    /// <summary>Distinct verified events so far.</summary>
    public int Verified => _byId.Count;

    /// <summary>First arrival of each verified event, in arrival order.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _byId.Values.OrderBy(a => a.At)];

    /// <summary>When the verified <c>activity.created</c> for the mail with this subject first arrived, if it did.</summary>
    public DateTime? ArrivedFor(string subject) => _bySubject.TryGetValue(subject, out var at) ? at : null;

    /// <summary>The event's own <c>timestamp</c> (when the activity was stored) for the mail with this subject, if it came.</summary>
    public DateTime? OccurredFor(string subject) => _occurredBySubject.TryGetValue(subject, out var at) ? at : null;

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/{**path}", sink.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Url = new Uri(new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), "/webhooks");
        return sink;
    }

    /// <summary>Accepts signatures made with this subscription secret (<c>whsec_…</c>) too from now on.</summary>
    public void Trust(string secret) => ImmutableInterlocked.Update(ref _verifiers, v => v.Add(new StandardWebhook(secret)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var at = DateTime.UtcNow;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var id = request.Headers["webhook-id"].ToString();
        if (!Verifies(body, request.Headers))
        {
            Interlocked.Increment(ref _unverified);
            return Results.Ok();
        }

        var (type, subject, occurred) = Describe(body);
        if (!_byId.TryAdd(id, new Arrival(id, type, subject, at)))
        {
            Interlocked.Increment(ref _duplicates);
        }
        else if (type == "activity.created" && subject is not null)
        {
            _bySubject.TryAdd(subject, at);
            if (occurred is { } stored)
            {
                _occurredBySubject.TryAdd(subject, stored);
            }
        }

        return Results.Ok();
    }

    private bool Verifies(string body, IHeaderDictionary headers)
    {
        foreach (var verifier in _verifiers)
        {
            try
            {
                verifier.Verify(body, headers);
                return true;
            }
            catch (WebhookVerificationException)
            {
                // Another subscription's secret, or a bad signature.
            }
        }

        return false;
    }

    private static (string? Type, string? Subject, DateTime? Occurred) Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            var subject = root.TryGetProperty("data", out var data) && data.TryGetProperty("activity", out var activity)
                && activity.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var occurred = root.TryGetProperty("timestamp", out var ts) && ts.TryGetDateTimeOffset(out var when) ? when.UtcDateTime : (DateTime?)null;
            return (type, subject, occurred);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    /// <summary>The first arrival of one verified event.</summary>
    public sealed record Arrival(string Id, string? Type, string? Subject, DateTime At);
}
