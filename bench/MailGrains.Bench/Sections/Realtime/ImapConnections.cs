using System.Globalization;

namespace MailGrains.Bench.Sections.Realtime;

/// <summary>
/// Established TCP connections to the IMAP port, from the kernel's tables (<c>/proc/net/tcp</c>, <c>tcp6</c>), seen
/// from the client side: how many IMAP sessions are open on this machine (the bench's clients are closed then, so
/// these are the silo's IDLE and kept fetch sessions). Null where the tables do not exist.
/// </summary>
public static class ImapConnections
{
    private const string Established = "01";
    private static readonly string[] s_tables = ["/proc/net/tcp", "/proc/net/tcp6"];

    public static int? Count(int imapPort)
    {
        var files = s_tables.Where(File.Exists).ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var port = imapPort.ToString("X4", CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var line in files.SelectMany(File.ReadLines).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

            // sl local_address rem_address st …: the client side has the IMAP port as its remote port.
            if (fields.Length > 3 && fields[2].EndsWith(":" + port, StringComparison.Ordinal) && fields[3] == Established)
            {
                count++;
            }
        }

        return count;
    }
}
