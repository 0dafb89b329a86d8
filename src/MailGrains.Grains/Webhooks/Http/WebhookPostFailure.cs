using System.Net.Sockets;
using MailGrains.Mail.Network;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>
/// A post that got no HTTP answer, as a result: the operator's network policy refused the address (forbidden, with
/// the policy's sentence), or the connection failed (retry). The sentences are fixed and name at most the URL's
/// host; an exception's own message (which may quote the receiver or the system) is never shown.
/// </summary>
internal static class WebhookPostFailure
{
    public static WebhookPostResult Timeout(TimeSpan latency, int timeoutSeconds)
        => Retry(latency, $"The receiver did not answer within {timeoutSeconds} s.");

    public static WebhookPostResult From(HttpRequestException failure, Uri url, TimeSpan latency)
    {
        if (Find<OutboundPolicyException>(failure) is { } refusal)
        {
            return new(WebhookPostOutcome.Forbidden, null, latency, refusal.Message, null);
        }

        if (Find<SocketException>(failure) is { } socket && SocketSentence(socket.SocketErrorCode, url) is { } sentence)
        {
            return Retry(latency, sentence);
        }

        return Retry(latency, failure.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => NotFound(url),
            HttpRequestError.SecureConnectionError => "The TLS handshake with the receiver failed: its certificate is not trusted or does not name the host, or it offers no common protocol.",
            HttpRequestError.ResponseEnded => "The receiver closed the connection before it answered.",
            HttpRequestError.ConfigurationLimitExceeded => "The receiver's answer had more header bytes than a webhook answer may have.",
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "The receiver's answer was not valid HTTP.",
            HttpRequestError.ConnectionError => "The connection to the receiver failed.",
            _ => $"The post failed ({failure.HttpRequestError}).",
        });
    }

    private static string? SocketSentence(SocketError error, Uri url) => error switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => NotFound(url),
        SocketError.ConnectionRefused => "The receiver refused the connection.",
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "The receiver closed the connection before it answered.",
        SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown
            => "The receiver could not be reached.",
        _ => null,
    };

    private static string NotFound(Uri url) => $"The receiver's host name {url.IdnHost} was not found.";

    private static WebhookPostResult Retry(TimeSpan latency, string error) => new(WebhookPostOutcome.Retry, null, latency, error, null);

    private static T? Find<T>(Exception failure)
        where T : Exception
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
