using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MailGrains.Hosting;

/// <summary>
/// What stands in front of the silo's dashboard: every request but the health checks needs the configured HTTP Basic
/// credentials (401 with a challenge otherwise), and the dashboard's grain-state view is refused (403), because grain
/// state holds mail settings and encrypted passwords. The view is recognised by the endpoint routing matched and, in
/// case a spelling reaches it another way, by the path with its escapes decoded, its slashes collapsed, its case ignored.
/// </summary>
internal sealed class DashboardGuard(RequestDelegate next, IOptions<MailGrainsDashboardOptions> options)
{
    private const string GrainStateView = "grainstate";

    /// <summary>Endpoint metadata: the endpoint is open without credentials (the health checks).</summary>
    public sealed class Open;

    private readonly byte[] _expected = Digest($"{options.Value.UserName}:{options.Value.Password}");

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<Open>() is not null)
        {
            return next(context);
        }

        if (!Authenticated(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"MailGrains dashboard\", charset=\"UTF-8\"";
            return Task.CompletedTask;
        }

        if (IsGrainStateView(endpoint, context.Request.Path.Value))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>Whether the request is for the grain-state view: by its matched route or by its normalised path.</summary>
    internal static bool IsGrainStateView(Endpoint? endpoint, string? path)
        => (endpoint is RouteEndpoint route && EndsWithGrainState(route.RoutePattern.RawText))
            || EndsWithGrainState(Normalised(path));

    /// <summary>The path decoded until it no longer changes, with empty segments dropped, lower case.</summary>
    internal static string Normalised(string? path)
    {
        var decoded = path ?? "";
        for (var previous = ""; previous != decoded;)
        {
            previous = decoded;
            decoded = Uri.UnescapeDataString(decoded);
        }

        return "/" + string.Join('/', decoded.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant();
    }

    private static bool EndsWithGrainState(string? pattern)
        => pattern is not null && ("/" + pattern.Trim('/')).EndsWith("/" + GrainStateView, StringComparison.OrdinalIgnoreCase);

    private bool Authenticated(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[header.Parameter.Length];
        return Convert.TryFromBase64String(header.Parameter, decoded, out var length)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(decoded[..length]), _expected);
    }

    private static byte[] Digest(string credentials) => SHA256.HashData(Encoding.UTF8.GetBytes(credentials));
}
