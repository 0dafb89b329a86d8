using System.Text.RegularExpressions;

namespace MailGrains;

/// <summary>The shape of every tenant, user and account id.</summary>
public static partial class Ids
{
    public const string Rule = "1-64 characters: lower-case letters, digits and hyphens";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex Pattern();
}
