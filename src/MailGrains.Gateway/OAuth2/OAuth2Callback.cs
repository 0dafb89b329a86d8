using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using MailGrains.Accounts;
using MailGrains.Gateway.Admin;

namespace MailGrains.Gateway.OAuth2;

/// <summary>
/// <c>GET /v1/oauth2/callback</c>: where the provider sends the admin's browser back, without a key (the signed,
/// single-use state stands for the admin). A connected account is shown on the admin page (303); anything else is a
/// small page with a sentence (400). A malformed state is refused before any grain is asked. Rate-limited per client
/// address (<see cref="OAuth2CallbackLimit"/>); its query (code, state) is never logged (<see cref="OAuth2QueryPrivacy"/>).
/// </summary>
internal static partial class OAuth2Callback
{
    public const string Path = "/v1/oauth2/callback";

    /// <summary>A consent id is this many random bytes, base64url (the part of the state before the dot).</summary>
    public const int ConsentIdBytes = 32;

    /// <summary>What the admin page reads from its address to say "Connected as …".</summary>
    public const string ConnectedMarker = "oauth2=connected";

    public static IEndpointRouteBuilder MapOAuth2Callback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, CallbackAsync)
            .WithTags("OAuth2")
            .AllowAnonymous()
            .RequireRateLimiting(OAuth2CallbackLimit.PolicyName)
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status400BadRequest, "text/html")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    /// <param name="state">The state the consent was started with, as the provider returns it.</param>
    /// <param name="code">The authorization code, when the admin consented.</param>
    /// <param name="error">The provider's error (e.g. access_denied), when the admin refused or the provider failed.</param>
    private static async Task<IResult> CallbackAsync(string? state, string? code, string? error, IClusterClient cluster)
    {
        if (state is null || state.Length > 200 || ConsentIdOf(state) is not { } consentId)
        {
            return Page("This sign-in link is not valid. Start again from the account's Server tab.");
        }

        var result = await cluster.GetGrain<IOAuth2ConsentGrain>(consentId).CompleteAsync(state, code, error);
        return result.Outcome == OAuth2ConsentOutcome.Connected
            ? new SeeOther($"{AdminPage.Path}/?{ConnectedMarker}#/accounts/{Uri.EscapeDataString(result.AccountId!)}")
            : Page(result.Error ?? "The account could not be connected.");
    }

    private static string? ConsentIdOf(string state)
    {
        var dot = state.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && ConsentId().IsMatch(state.AsSpan(0, dot)) && dot < state.Length - 1 ? state[..dot] : null;
    }

    private static HtmlPage Page(string sentence) => new(StatusCodes.Status400BadRequest, $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>MailGrains: the account was not connected</title></head>
        <body>
        <h1>The account was not connected</h1>
        <p role="alert">{HtmlEncoder.Default.Encode(sentence)}</p>
        <p><a href="{AdminPage.Path}/">Back to the admin page</a></p>
        </body>
        </html>
        """);

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex ConsentId();

    /// <summary>303: the browser follows with a GET; the callback's address (with the code) is not sent on as a referrer.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }
    }

    /// <summary>A page of the gateway's own text only: no script, no style, nothing loaded.</summary>
    private sealed class HtmlPage(int status, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return response.WriteAsync(html);
        }
    }
}
