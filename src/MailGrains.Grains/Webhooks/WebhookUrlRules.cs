using System.Buffers;
using System.Net;
using MailGrains.Mail.Network;
using MailGrains.Webhooks;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Webhooks;

/// <summary>
/// Which webhook URLs the service posts to: an absolute https URL (http only with
/// <see cref="WebhookOptions.AllowPlainHttp"/>) of at most <see cref="WebhookLimits.MaxUrlLength"/> characters of
/// RFC 3986 (international names in their <c>xn--</c> form), without user name, password or fragment, whose port the
/// operator's <see cref="NetworkPolicy"/> allows, and whose host, if it is an IP address or a <c>localhost</c> name,
/// the policy allows too. Any other host name is judged when it is dialled, by what it resolves to then.
/// </summary>
public sealed class WebhookUrlRules(NetworkPolicy policy, IOptions<WebhookOptions> options)
{
    public const string Example = "https://crm.example.com/hooks/mail";

    private static readonly SearchValues<char> s_uriCharacters = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%");

    private static readonly IPAddress[] s_localhost = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    /// <summary>Why <paramref name="url"/> is refused, as a sentence for the tenant; null when the service would post to it.</summary>
    public string? Refusal(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return $"Required: an absolute https URL such as {Example}.";
        }

        if (url.Length > WebhookLimits.MaxUrlLength)
        {
            return $"At most {WebhookLimits.MaxUrlLength} characters.";
        }

        if (url.AsSpan().ContainsAnyExcept(s_uriCharacters))
        {
            return "Only the characters of a URL (RFC 3986): percent-encode anything else, and write an international host name in its xn-- form.";
        }

        var scheme = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https"
            : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http"
            : null;
        if (scheme is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            return $"Must be an absolute https URL such as {Example}.";
        }

        if (scheme == "http" && !options.Value.AllowPlainHttp)
        {
            return "Must be https: this service does not post events over plain http.";
        }

        var authority = url[(scheme.Length + 3)..];
        authority = authority[..(authority.IndexOfAny(['/', '?', '#']) is var end and >= 0 ? end : authority.Length)];
        if (authority.Contains('@'))
        {
            return "Must not hold a user name or password: authenticate the sender by the webhook-signature header.";
        }

        if (url.Contains('#'))
        {
            return "Must not hold a fragment (#…): it is never sent to the receiver.";
        }

        if (Addresses(uri) is { } addresses && !addresses.All(policy.AllowsAddress))
        {
            return $"This service's network policy does not allow connections to {uri.Host}.";
        }

        return policy.AllowsPort(uri.Port) ? null : NetworkPolicy.PortRefusal(uri.Port);
    }

    /// <summary>The addresses the host stands for without asking DNS: an IP literal, or a <c>localhost</c> name; null for any other name.</summary>
    private static IPAddress[]? Addresses(Uri uri)
    {
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            return [literal];
        }

        var name = uri.DnsSafeHost.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? s_localhost
            : null;
    }
}
