using System.Buffers;

namespace MailGrains.Gateway.Api;

/// <summary>
/// Characters no name, address, folder, credential or header value may hold: control characters (a CR/LF in a
/// POP3 user name would add protocol commands; in a name or subject it would fake a line), the Unicode line and
/// paragraph separators, and the bidirectional overrides that make a name read differently from what it is.
/// Message bodies and signatures are free text and not checked.
/// </summary>
internal static class TextRules
{
    public const string ControlCharacterMessage = "Must not contain control characters (line breaks, tabs, NUL, ...), line separators or bidirectional overrides.";

    private static readonly SearchValues<char> s_forbidden = SearchValues.Create(Forbidden(allowLineBreaks: false));
    private static readonly SearchValues<char> s_forbiddenInText = SearchValues.Create(Forbidden(allowLineBreaks: true));

    /// <summary>True when <paramref name="value"/> holds a character that no single-line value may hold.</summary>
    public static bool HasForbiddenCharacter(string? value) => value is not null && value.AsSpan().ContainsAny(s_forbidden);

    /// <summary>As <see cref="HasForbiddenCharacter"/>, but tabs and line breaks (CR, LF) are allowed: for multi-line notes.</summary>
    public static bool HasForbiddenCharacterInText(string? value) => value is not null && value.AsSpan().ContainsAny(s_forbiddenInText);

    /// <summary><paramref name="value"/> with each forbidden character as '?': to quote a value in a field name or a message.</summary>
    public static string Printable(string value)
        => string.Concat(value.Select(c => s_forbidden.Contains(c) ? '?' : c));

    private static string Forbidden(bool allowLineBreaks)
    {
        var chars = new List<char>();
        for (var c = '\0'; c <= '\u009F'; c++)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\r' or '\n'))
            {
                chars.Add(c);
            }
        }

        // Line and paragraph separators; bidi embeddings, overrides and isolates; the byte-order mark.
        chars.AddRange("\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF");
        return new string([.. chars]);
    }
}
