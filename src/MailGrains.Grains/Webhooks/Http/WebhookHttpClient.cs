using MailGrains.Grains.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>
/// The named HTTP client webhooks are posted with. Every connection is dialled by the <see cref="Mail.Network.OutboundDialer"/>
/// (the host is resolved and each address checked against the operator's policy at connect time, so a name that
/// resolves to a forbidden address is refused whatever it resolved to when the URL was saved). No proxy, cookies,
/// redirects or decompression; small answer headers; server certificates checked against the system's CAs plus
/// <c>MailGrains:Mail:TrustedCertificateFiles</c>. One total time limit per request
/// (<see cref="WebhookHttpOptions.TimeoutSeconds"/>) and nothing else: the delivery grain's durable schedule owns retries.
/// The factory's request logging is removed, since a webhook URL's path or query may carry the receiver's token.
/// </summary>
public static class WebhookHttpClient
{
    public const string Name = "MailGrains.Webhooks";

    /// <summary>Answer headers beyond this many KiB fail the post.</summary>
    public const int MaxResponseHeadersKiB = 16;

    /// <summary>
    /// The poster, its client and <see cref="WebhookHttpOptions"/> (<c>MailGrains:Webhooks</c>, checked at start).
    /// Needs the outbound policy (<c>AddMailGrainsOutboundPolicy</c>).
    /// </summary>
    public static IServiceCollection AddMailGrainsWebhookHttp(this IServiceCollection services)
    {
        services.AddOptions<WebhookHttpOptions>().BindConfiguration(WebhookHttpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        services.AddHttpClient(Name)
            .ConfigureHttpClient(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("MailGrains-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(Handler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook-timeout", (pipeline, context) =>
            {
                var timeout = context.ServiceProvider.GetRequiredService<IOptions<WebhookHttpOptions>>().Value.TimeoutSeconds;
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(timeout) });
            });
        services.TryAddSingleton<IWebhookPoster, WebhookPoster>();
        return services;
    }

    private static SocketsHttpHandler Handler(IServiceProvider services)
    {
        var handler = DialledHttpHandler.Create(services);
        handler.AutomaticDecompression = System.Net.DecompressionMethods.None;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);
        handler.MaxResponseHeadersLength = MaxResponseHeadersKiB;
        handler.MaxResponseDrainSize = WebhookAnswer.ExcerptBytes * 16;
        handler.ResponseDrainTimeout = TimeSpan.FromSeconds(1);
        return handler;
    }
}
