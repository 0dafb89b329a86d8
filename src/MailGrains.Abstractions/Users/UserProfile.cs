namespace MailGrains.Users;

/// <summary>A user of a tenant: who they are, the tag that links activities to their follow-ups, their signature.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string Email,
    [property: Id(2)] string? Tag,
    [property: Id(3)] bool IsAdmin,
    [property: Id(4)] Signature Signature);

/// <summary>A plain-text and an HTML signature; either may be absent.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.Signature")]
public sealed record Signature(
    [property: Id(0)] string? Text,
    [property: Id(1)] string? Html)
{
    public static Signature None { get; } = new(null, null);
}
