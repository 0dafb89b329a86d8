namespace MailGrains.Gateway.OAuth2;

/// <summary>
/// Keeps the OAuth2 callback's query (an authorization code and the state) out of the logs: ASP.NET Core's request
/// lines ("Request starting … ?code=…") are written only from warnings up, whatever the configured levels. Traces
/// record <c>url.query</c> with its values redacted (the OpenTelemetry instrumentation's default).
/// </summary>
internal static class OAuth2QueryPrivacy
{
    private const string RequestLines = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder KeepOAuth2QueryOutOfLogs(this WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter(RequestLines, level => level >= LogLevel.Warning);
        return builder;
    }
}
