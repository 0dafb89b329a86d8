using System.Security.Cryptography;
using System.Text;
using MailGrains.Activities;

namespace MailGrains.Grains.Tests.Activities;

/// <summary>Activities with raw messages of a chosen size and date, for storage tests.</summary>
internal static class TestActivities
{
    public static NewActivity Make(string tenant, string owner, int number, DateTimeOffset date, int rawSize = 2_000)
    {
        var header = $"Message-ID: <m{number}@example.test>\r\nDate: {date:R}\r\nSubject: message {number}\r\n\r\n";
        var raw = new byte[Math.Max(rawSize, header.Length)];
        Encoding.ASCII.GetBytes(header).CopyTo(raw, 0);
        for (var i = header.Length; i < raw.Length; i++)
        {
            raw[i] = (byte)('a' + ((i + number) % 26));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(raw));
        var id = ActivityIds.Compute($"{tenant}/acct", "inbox", $"<m{number}@example.test>", sha, date);
        var activity = new Activity(
            id, tenant, owner, "acct", Direction.Incoming, ActivityFolder.Inbox, "E", ["TAG"], [], new ActivityAddress("Sender", "s@example.test"),
            [new ActivityAddress("", "r@example.test")], [], [], $"message {number}", date, $"<m{number}@example.test>", null, [],
            $"snippet {number}", [], raw.Length, new ServerLocation("INBOX", 1, (uint)number), [], DateTimeOffset.UnixEpoch);
        return new NewActivity(activity, raw);
    }
}
