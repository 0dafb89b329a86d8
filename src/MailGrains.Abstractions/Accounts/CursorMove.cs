namespace MailGrains.Accounts;

/// <summary>What became of moving one folder's cursor (<see cref="IMailAccountGrain.MoveCursorAsync"/>).</summary>
public enum CursorMoveOutcome
{
    Moved,

    /// <summary>There is no such account.</summary>
    NoAccount,

    /// <summary>The account does not sync that folder, so it keeps no cursor for it.</summary>
    FolderNotSynced,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.CursorMoveResult")]
public sealed record CursorMoveResult(
    [property: Id(0)] CursorMoveOutcome Outcome,
    [property: Id(1)] FolderPosition? Position);
