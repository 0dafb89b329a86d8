using System.Security.Cryptography;
using System.Text;

namespace MailGrains.Activities;

/// <summary>
/// Deterministic activity ids: <c>{inverted sort time, 19 digits}{hash, 32 hex}</c>. The hash covers account,
/// folder role, Message-ID and the SHA-256 of the raw message, so the same message fetched twice is one
/// activity and two messages reusing a Message-ID stay two. The sort time comes from the message itself,
/// so the id (and therefore its place, newest first) is the same on every fetch.
/// </summary>
public static class ActivityIds
{
    public const int Length = 19 + 32;

    private static readonly System.Buffers.SearchValues<char> s_hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string Compute(string accountKey, string folderRole, string? messageId, string rawSha256, DateTimeOffset sortTime)
    {
        var material = Encoding.UTF8.GetBytes($"{accountKey}\n{folderRole}\n{messageId}\n{rawSha256}");
        var hash = Convert.ToHexStringLower(SHA256.HashData(material).AsSpan(0, 16));
        var inverted = DateTimeOffset.MaxValue.UtcTicks - sortTime.UtcTicks;
        return inverted.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + hash;
    }

    public static bool IsWellFormed(string? id)
        => id is { Length: Length } && id.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0 && id.AsSpan(19).IndexOfAnyExcept(s_hex) < 0;
}
