using System.Net;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace MailGrains.Gateway.Api;

/// <summary>Syntax of the values the API accepts.</summary>
internal static partial class FieldRules
{
    public static bool IsHostName(string value) => IPAddress.TryParse(value, out _) || HostName().IsMatch(value);

    /// <summary>A bare address (<c>name@example.com</c>), no display name, a host-name domain.</summary>
    public static bool IsEmailAddress(string value)
    {
        var at = value.LastIndexOf('@');
        return at is > 0 and <= 64
            && value.Length <= 254
            && MailAddress.TryCreate(value, out var address)
            && address.Address == value
            && address.DisplayName.Length == 0
            && HostName().IsMatch(value[(at + 1)..]);
    }

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
