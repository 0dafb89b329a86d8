using MailGrains.Grains.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace MailGrains.Grains.OAuth2;

/// <summary>
/// The silo's OAuth2 parts: the providers (<c>MailGrains:OAuth2</c>, checked at start) and the HTTP client that asks
/// them, dialled through the <see cref="Mail.Network.OutboundDialer"/> (the operator's network policy), with a 15 s timeout, no
/// redirects, no cookies, no logging of requests (their bodies and addresses carry codes and tokens) and answers of at
/// most 1 MiB. Needs the outbound policy (<c>AddMailGrainsOutboundPolicy</c>).
/// </summary>
public static class OAuth2HttpClient
{
    public const string Name = "MailGrains.OAuth2";

    public static IServiceCollection AddMailGrainsOAuth2(this IServiceCollection services)
    {
        services.AddOptions<OAuth2Options>().BindConfiguration(OAuth2Options.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuth2Options>, OAuth2OptionsValidation>());
        services.TryAddSingleton<OAuth2Providers>();
        services.TryAddSingleton<Accounts.OAuth2.AccountOAuth2Services>();
        services.TryAddSingleton<IOAuth2Client>(sp => new OAuth2Client(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredKeyedService<TimeProvider>(ServiceClock.Key)));
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        services.AddHttpClient(Name)
            .ConfigureHttpClient(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = 1024 * 1024;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("MailGrains-OAuth2/1");
            })
            .ConfigurePrimaryHttpMessageHandler(Handler)
            .RemoveAllLoggers()
            .AddResilienceHandler("oauth2-timeout", pipeline => pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(15) }));
        return services;
    }

    private static SocketsHttpHandler Handler(IServiceProvider services)
    {
        var handler = DialledHttpHandler.Create(services);
        handler.MaxResponseHeadersLength = 64;
        return handler;
    }
}
