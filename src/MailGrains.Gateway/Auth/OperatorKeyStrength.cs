namespace MailGrains.Gateway.Auth;

/// <summary>
/// Whether a configured operator key is fit to guard the whole service: long enough, not a placeholder copied from an
/// example, not a few characters repeated, and with an estimated 128 bits or more (its length times the bits of the
/// character classes it uses: lower case, upper case, digits, other).
/// </summary>
internal static class OperatorKeyStrength
{
    public const int MinLength = 32;
    public const int MinBits = 128;
    public const int MinDistinctCharacters = 8;
    public const string HowToGenerate = "generate one with: openssl rand -base64 32";

    /// <summary>Words that mark an example value (manifests, README, appsettings), compared ignoring case.</summary>
    private static readonly string[] s_placeholderWords =
        ["changeme", "change-me", "change_me", "replace", "placeholder", "example", "secret", "password", "operatorkey", "operator-key", "random characters"];

    /// <summary>Why the key is refused, or null when it is acceptable; never quotes the key.</summary>
    public static string? Weakness(string key)
    {
        if (key.Length < MinLength)
        {
            return $"is shorter than {MinLength} characters";
        }

        if (key.Contains('<', StringComparison.Ordinal) || key.Contains('>', StringComparison.Ordinal)
            || s_placeholderWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)))
        {
            return "is a placeholder, not a key";
        }

        if (key.Distinct().Count() < MinDistinctCharacters)
        {
            return $"repeats a few characters (fewer than {MinDistinctCharacters} different ones)";
        }

        var bits = key.Length * Math.Log2(AlphabetSize(key));
        return bits < MinBits ? $"has too little entropy (about {(int)bits} bits estimated from its alphabet, {MinBits} needed)" : null;
    }

    private static int AlphabetSize(string key)
        => (key.Any(char.IsAsciiLetterLower) ? 26 : 0)
            + (key.Any(char.IsAsciiLetterUpper) ? 26 : 0)
            + (key.Any(char.IsAsciiDigit) ? 10 : 0)
            + (key.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 33 : 0);
}
