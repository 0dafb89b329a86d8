using System.Buffers;

namespace MailGrains;

/// <summary>The shape of every tenant, user and account id.</summary>
public static class Ids
{
    public const string Rule = "1-64 characters: lower-case letters, digits and hyphens";

    public const int MaxLength = 64;

    // Not a regex: .NET's "$" also matches before a final "\n", which let "bob\n" through.
    private static readonly SearchValues<char> s_allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && !id.AsSpan().ContainsAnyExcept(s_allowed);
}
