using System.Text;

namespace MailGrains.Mail.Errors;

/// <summary>
/// What a tenant may see of a mail server's own words (a refusal such as "5.7.1 Relay access denied"): a short
/// excerpt of printable ASCII (other characters as '?', control characters and runs of spaces as one space), so that a hostile server cannot put control characters, markup or pages of text
/// into an account's status.
/// </summary>
public static class ServerText
{
    public const int MaxLength = 80;

    public static string Excerpt(string? text)
    {
        var cleaned = new StringBuilder();
        var pendingSpace = false;
        foreach (var c in text ?? "")
        {
            if (c is <= ' ' or '\u007f')
            {
                pendingSpace = cleaned.Length > 0;
                continue;
            }

            cleaned.Append(pendingSpace ? " " : "").Append(c > '~' ? '?' : c);
            pendingSpace = false;
            if (cleaned.Length > MaxLength)
            {
                break;
            }
        }

        return cleaned.Length <= MaxLength ? cleaned.ToString() : cleaned.ToString(0, MaxLength - 3) + "...";
    }
}
