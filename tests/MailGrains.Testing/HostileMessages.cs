using System.Text;

namespace MailGrains.Testing;

/// <summary>
/// Mail an attacker can send to any address: built as raw bytes (CRLF), the way a hostile mailer writes them,
/// so that nothing on the way tidies them up. Each is a valid enough message for any MTA to deliver.
/// </summary>
public static class HostileMessages
{
    /// <summary>Thousands of tiny attachments with long names, thousands of recipients and references, and a huge folded subject.</summary>
    public static byte[] Everything(string tag, int attachments = 3000, int recipients = 2000, int references = 1500, int subjectChars = 90_000)
    {
        var raw = new StringBuilder();
        raw.Append($"Message-ID: <hostile-{tag}@attacker.example>\r\n");
        raw.Append("Date: Thu, 01 Jan 2026 00:00:00 +0000\r\n");
        raw.Append("From: Attacker <attacker@attacker.example>\r\n");
        raw.Append("To: owner@example.test\r\n");
        raw.Append("Cc: ").Append(string.Join(",\r\n ", Enumerable.Range(0, recipients).Select(i => $"Recipient number {i} <r{i}@attacker.example>"))).Append("\r\n");
        raw.Append("References: ").Append(string.Join("\r\n ", Enumerable.Range(0, references).Select(i => $"<ref{i}.{tag}@attacker.example>"))).Append("\r\n");
        raw.Append("Subject: ").Append(Folded(subjectChars, tag)).Append("\r\n");
        raw.Append("MIME-Version: 1.0\r\n");
        raw.Append("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
        raw.Append("--b\r\nContent-Type: text/plain\r\n\r\nHostile mail ").Append(tag).Append(".\r\n");
        for (var i = 0; i < attachments; i++)
        {
            raw.Append("--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"")
                .Append('a', 120).Append(i).Append(".txt\"\r\n\r\nx\r\n");
        }

        raw.Append("--b--\r\n");
        return Encoding.ASCII.GetBytes(raw.ToString());
    }

    /// <summary>An HTML-only mail whose body is <paramref name="bytes"/> of <c>&lt;</c> (a regex that backtracks takes minutes on it).</summary>
    public static byte[] HtmlOfOpenBrackets(string tag, int bytes)
    {
        var body = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('<', bytes)), Base64FormattingOptions.InsertLineBreaks);
        return Encoding.ASCII.GetBytes(
            $"Message-ID: <brackets-{tag}@attacker.example>\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\nFrom: attacker@attacker.example\r\n" +
            $"To: owner@example.test\r\nSubject: brackets {tag}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=us-ascii\r\n" +
            $"Content-Transfer-Encoding: base64\r\n\r\n{body}\r\n");
    }

    private static string Folded(int chars, string tag)
    {
        var words = new StringBuilder();
        var line = 0;
        while (words.Length < chars)
        {
            var word = $"word{words.Length % 1000}{tag} ";
            if (line + word.Length > 70)
            {
                words.Append("\r\n ");
                line = 1;
            }

            words.Append(word);
            line += word.Length;
        }

        return words.ToString().TrimEnd();
    }
}
