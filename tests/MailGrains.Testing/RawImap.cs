using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MailGrains.Testing;

/// <summary>
/// IMAP APPEND of raw bytes exactly as given. MailKit appends only a <c>MimeMessage</c>, which it writes out
/// again; for messages that must reach the server unchanged (broken ones above all) this speaks the protocol
/// itself: LOGIN, then one <c>APPEND folder {size}</c> literal per message, each answered with its APPENDUID.
/// </summary>
public static partial class RawImap
{
    /// <summary>Appends each message to the folder (which must exist) and returns their UIDs, in order.</summary>
    public static async Task<IReadOnlyList<uint>> AppendAsync(TestMailbox mailbox, string folder, IEnumerable<byte[]> messages)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(TestServices.Host, TestServices.ImapPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var greeting = await reader.ReadLineAsync() ?? "";
        if (!greeting.StartsWith("* OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected IMAP greeting: {greeting}");
        }

        await CommandAsync(stream, reader, "L", $"LOGIN {Quote(mailbox.UserName)} {Quote(mailbox.Password)}");
        var uids = new List<uint>();
        var number = 0;
        foreach (var raw in messages)
        {
            var tag = "A" + (++number).ToString(CultureInfo.InvariantCulture);
            await WriteAsync(stream, $"{tag} APPEND {Quote(folder)} {{{raw.Length}}}\r\n");
            var ready = await reader.ReadLineAsync() ?? "";
            if (!ready.StartsWith('+'))
            {
                throw new InvalidOperationException($"APPEND of message {number} ({raw.Length} bytes) was refused: {ready}");
            }

            await stream.WriteAsync(raw);
            await WriteAsync(stream, "\r\n");
            var done = await ReadTaggedAsync(reader, tag);
            var appendUid = AppendUid().Match(done);
            uids.Add(appendUid.Success
                ? uint.Parse(appendUid.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"APPEND of message {number} ({raw.Length} bytes) failed: {done}"));
        }

        await CommandAsync(stream, reader, "Z", "LOGOUT");
        return uids;
    }

    private static async Task CommandAsync(NetworkStream stream, StreamReader reader, string tag, string command)
    {
        await WriteAsync(stream, $"{tag} {command}\r\n");
        var done = await ReadTaggedAsync(reader, tag);
        if (!done.StartsWith(tag + " OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"IMAP {command.Split(' ')[0]} failed: {done}");
        }
    }

    private static async Task<string> ReadTaggedAsync(StreamReader reader, string tag)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The IMAP server closed the connection before answering {tag}.");
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"^\S+ OK \[APPENDUID \d+ (\d+)\]")]
    private static partial Regex AppendUid();
}
