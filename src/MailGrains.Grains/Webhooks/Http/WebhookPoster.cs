using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>
/// Posts one signed event through the factory's <see cref="WebhookHttpClient.Name"/> client (dialled through the
/// operator's network policy, a total time limit, no redirects, no retries) and turns the answer or the failure
/// into a <see cref="WebhookPostResult"/>. Latency is measured per attempt, up to the answer's headers.
/// </summary>
internal sealed partial class WebhookPoster(
    IHttpClientFactory clients,
    IOptions<WebhookHttpOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<WebhookPoster> logger) : IWebhookPoster
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    public async Task<WebhookPostResult> PostAsync(Uri url, string eventId, DateTimeOffset timestamp, ReadOnlyMemory<byte> body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return new(WebhookPostOutcome.Refused, null, TimeSpan.Zero, "Webhook URLs must be absolute http or https URLs.", null);
        }

        using var request = Request(url, eventId, timestamp.ToUnixTimeSeconds(), body, secrets);
        var timeoutSeconds = options.Value.TimeoutSeconds;
        var started = Stopwatch.GetTimestamp();
        var result = await SendAsync(request, url, timeoutSeconds, started, cancellationToken);
        LogPosted(logger, url.IdnHost, result.Outcome, result.StatusCode, (long)result.Latency.TotalMilliseconds);
        return result;
    }

    private async Task<WebhookPostResult> SendAsync(HttpRequestMessage request, Uri url, int timeoutSeconds, long started, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await clients.CreateClient(WebhookHttpClient.Name).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var latency = Stopwatch.GetElapsedTime(started);

            // The timeout handler covers the request up to the answer's headers; the excerpt of an error body gets its own limit.
            using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyDeadline.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            var result = await WebhookAnswer.ReadAsync(response, latency, clock.GetUtcNow(), bodyDeadline.Token);
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or OperationCanceledException)
        {
            return WebhookPostFailure.Timeout(Stopwatch.GetElapsedTime(started), timeoutSeconds);
        }
        catch (HttpRequestException ex)
        {
            return WebhookPostFailure.From(ex, url, Stopwatch.GetElapsedTime(started));
        }
    }

    private static HttpRequestMessage Request(Uri url, string eventId, long unixSeconds, ReadOnlyMemory<byte> body, IReadOnlyList<string> secrets)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = s_json;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(WebhookSigner.IdHeader, eventId);
        request.Headers.Add(WebhookSigner.TimestampHeader, unixSeconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Signatures(secrets, eventId, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), body.Span));
        return request;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook post to {Host}: {Outcome} ({StatusCode}) in {LatencyMs} ms")]
    private static partial void LogPosted(ILogger logger, string host, WebhookPostOutcome outcome, int? statusCode, long latencyMs);
}
