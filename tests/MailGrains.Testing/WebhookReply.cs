namespace MailGrains.Testing;

/// <summary>
/// How a <see cref="WebhookReceiver"/> answers a request: a status code, optionally with <c>Retry-After</c>, a
/// <c>Location</c>, a short body, or a long body streamed in chunks; after a delay, or never (<see cref="Never"/>:
/// the request hangs until the receiver stops, and the connection is then dropped). <see cref="Headers"/> are set
/// last, so they may replace Kestrel's own (e.g. <c>Date</c>).
/// </summary>
public sealed record WebhookReply(
    int StatusCode,
    string? RetryAfter = null,
    Uri? Location = null,
    string? Body = null,
    long StreamedBytes = 0,
    TimeSpan Delay = default,
    bool Hangs = false,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static WebhookReply Ok { get; } = new(200);

    public static WebhookReply Gone { get; } = new(410, Body: "This webhook is gone.");

    /// <summary>Holds every request open without an answer until the receiver is stopped or disposed.</summary>
    public static WebhookReply Never { get; } = new(0, Hangs: true);

    /// <summary>An answer with <paramref name="statusCode"/>; <paramref name="retryAfter"/> is sent as written (delta seconds, an HTTP date, or nonsense).</summary>
    public static WebhookReply Status(int statusCode, string? retryAfter = null, string? body = null) => new(statusCode, retryAfter, Body: body);

    public static WebhookReply Redirect(Uri to, int statusCode = 302) => new(statusCode, Location: to);

    /// <summary>An answer whose body is <paramref name="bytes"/> long (announced in <c>Content-Length</c>) and written in 64 KiB chunks for as long as the client reads.</summary>
    public static WebhookReply Stream(int statusCode, long bytes) => new(statusCode, StreamedBytes: bytes);

    /// <summary>An answer whose body never ends (chunked, no length): written for as long as the client reads, until it goes away or the receiver stops.</summary>
    public static WebhookReply Endless(int statusCode) => new(statusCode, StreamedBytes: long.MaxValue);

    public WebhookReply After(TimeSpan delay) => this with { Delay = delay };

    public WebhookReply WithHeader(string name, string value) => this with { Headers = new Dictionary<string, string>(Headers ?? new Dictionary<string, string>()) { [name] = value } };
}
