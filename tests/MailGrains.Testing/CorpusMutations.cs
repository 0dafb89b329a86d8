using System.Text;

namespace MailGrains.Testing;

/// <summary>
/// The shared corpus of odd and broken mail, mutated the ways hostile or broken mailers mangle mail: cut short,
/// bytes flipped, a huge header, deep nesting, thousands of parts, NUL bytes and bare CRs. Deterministic (a fixed
/// seed), so a failure names the same message every run.
/// </summary>
public static class CorpusMutations
{
    /// <summary>Each corpus message (bare files, not the mbox) with a name saying where it came from.</summary>
    public static IReadOnlyList<(string Name, byte[] Raw)> Originals()
        => [.. Directory.GetFiles(TestServices.MimeCorpusFolder)
            .Where(f => Path.GetFileName(f) is not ("LICENSE" or "content-length.mbox"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];

    /// <summary><paramref name="perMessage"/> mutations of each corpus message, plus the structural attacks.</summary>
    public static IEnumerable<(string Name, byte[] Raw)> All(int perMessage, int seed = 20261204)
    {
        var random = new Random(seed);
        foreach (var (name, raw) in Originals())
        {
            for (var i = 0; i < perMessage; i++)
            {
                var kind = i % 5;
                yield return kind switch
                {
                    0 => ($"{name}#cut{i}", raw[..random.Next(1, Math.Max(2, raw.Length))]),
                    1 => ($"{name}#flip{i}", Flip(raw, random, Math.Max(1, raw.Length / 50))),
                    2 => ($"{name}#nul{i}", Insert(raw, random, "\0\r\0\n\r\r\n"u8.ToArray())),
                    3 => ($"{name}#header{i}", Concat(Encoding.ASCII.GetBytes("X-Huge: " + new string('h', 200_000) + "\r\n"), raw)),
                    _ => ($"{name}#boundary{i}", Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(raw).Replace("--", "-\u00ff-", StringComparison.Ordinal))),
                };
            }
        }

        yield return ("nested-2000", Nested(2000));
        yield return ("parts-5000", ManyParts(5000));
        yield return ("header-lines-20000", ManyHeaderLines(20_000));
        yield return ("only-headers-no-body", "Subject: nothing else"u8.ToArray());
        yield return ("empty", []);
        yield return ("one-byte", "x"u8.ToArray());
    }

    private static byte[] Flip(byte[] raw, Random random, int count)
    {
        var copy = (byte[])raw.Clone();
        for (var i = 0; i < count && copy.Length > 0; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static byte[] Insert(byte[] raw, Random random, byte[] bytes)
    {
        var at = random.Next(raw.Length + 1);
        return [.. raw[..at], .. bytes, .. raw[at..]];
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    private static byte[] Nested(int depth)
    {
        var text = new StringBuilder("Message-ID: <nested@attacker.example>\r\nSubject: nested\r\nMIME-Version: 1.0\r\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        text.Append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append($"--b{i}--\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static byte[] ManyParts(int parts)
    {
        var text = new StringBuilder("Message-ID: <parts@attacker.example>\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (var i = 0; i < parts; i++)
        {
            text.Append($"--p\r\nContent-Type: text/plain; name=\"part{i}.txt\"\r\nContent-Disposition: attachment\r\n\r\n{i}\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("--p--\r\n").ToString());
    }

    private static byte[] ManyHeaderLines(int lines)
    {
        var text = new StringBuilder("Message-ID: <lines@attacker.example>\r\n");
        for (var i = 0; i < lines; i++)
        {
            text.Append($"X-Line-{i}: value {i}\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\nbody\r\n").ToString());
    }
}
