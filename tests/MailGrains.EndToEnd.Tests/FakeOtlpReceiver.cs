using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MailGrains.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// A stand-in for an OpenTelemetry collector on a loopback port: it accepts OTLP/HTTP protobuf posts to
/// <c>/v1/metrics</c> and <c>/v1/traces</c>, answers 200 and keeps the bodies. It is a fake: it does not decode
/// protobuf; tests look for names in the bodies, which protobuf carries as plain UTF-8.
/// </summary>
internal sealed class FakeOtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new();

    private FakeOtlpReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<FakeOtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new FakeOtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/{signal}", async (string signal, HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver._bodies.GetOrAdd(signal, _ => new()).Enqueue(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether a post of <paramref name="signal"/> (<c>metrics</c>, <c>traces</c>) contained <paramref name="text"/>.</summary>
    public bool Received(string signal, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return _bodies.TryGetValue(signal, out var bodies) && bodies.Any(b => b.AsSpan().IndexOf(needle) >= 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
