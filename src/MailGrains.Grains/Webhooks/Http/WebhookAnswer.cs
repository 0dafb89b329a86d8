using System.Net;
using System.Text;
using MailGrains.Mail.Errors;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>
/// What a receiver's HTTP answer means for the delivery: 2xx delivered, 410 gone, 429 and 5xx retry (with its
/// <c>Retry-After</c>), anything else refused (redirects are not followed). Of the answer's body at most
/// <see cref="ExcerptBytes"/> are read, and only a short printable excerpt of them goes into the error sentence.
/// </summary>
internal static class WebhookAnswer
{
    public const int ExcerptBytes = 1024;

    /// <param name="bodyDeadline">Ends the reading of the excerpt (the post's time limit or the caller's cancellation); what came until then is used.</param>
    public static async Task<WebhookPostResult> ReadAsync(HttpResponseMessage response, TimeSpan latency, DateTimeOffset now, CancellationToken bodyDeadline)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and <= 299)
        {
            return new(WebhookPostOutcome.Delivered, status, latency, null, null);
        }

        var excerpt = await ExcerptAsync(response.Content, bodyDeadline);
        return status switch
        {
            (int)HttpStatusCode.Gone => new(WebhookPostOutcome.Gone, status, latency, Sentence(status, excerpt), null),
            (int)HttpStatusCode.TooManyRequests or >= 500 and <= 599
                => new(WebhookPostOutcome.Retry, status, latency, Sentence(status, excerpt), RetryAfterHeader.Wait(response.Headers, now)),
            >= 300 and <= 399 => new(WebhookPostOutcome.Refused, status, latency, $"The receiver answered {status}; redirects are not followed.", null),
            _ => new(WebhookPostOutcome.Refused, status, latency, Sentence(status, excerpt), null),
        };
    }

    private static string Sentence(int status, string excerpt)
        => excerpt.Length == 0 ? $"The receiver answered {status}." : $"The receiver answered {status}: {excerpt}";

    /// <summary>The first bytes of the body as printable text; empty when there is none or it does not come in time.</summary>
    private static async Task<string> ExcerptAsync(HttpContent content, CancellationToken bodyDeadline)
    {
        var buffer = new byte[ExcerptBytes];
        var read = 0;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(bodyDeadline);
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), bodyDeadline) is var n and > 0)
            {
                read += n;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // A body that breaks off or stalls still leaves the status code to go by.
        }

        return ServerText.Excerpt(Encoding.UTF8.GetString(buffer, 0, read));
    }
}
