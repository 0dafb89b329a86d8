namespace MailGrains.Activities;

/// <summary>How marking an activity as spam went.</summary>
public enum SpamOutcome
{
    /// <summary>The server message is in the spam folder and the activity in the spam view.</summary>
    Marked,
    NotFound,

    /// <summary>The activity came from a POP3 account (or its account is gone): there is no server folder to move to.</summary>
    NeedsImap,

    /// <summary>The mail server refused or could not be reached; <see cref="SpamResult.Error"/> says why.</summary>
    ServerFailed,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.SpamResult")]
public sealed record SpamResult(
    [property: Id(0)] SpamOutcome Outcome,
    [property: Id(1)] string? Error = null);
