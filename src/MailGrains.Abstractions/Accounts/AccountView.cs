using System.Collections.Immutable;

namespace MailGrains.Accounts;

/// <summary>
/// An account as it may be shown: its configuration, whether passwords are set (never the passwords), and its folder
/// cursors as the sync state keeps them. Id 1 held the earlier, tab-shaped settings.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountView")]
public sealed record AccountView(
    [property: Id(0)] string AccountId,
    [property: Id(6)] AccountConfiguration Configuration,
    [property: Id(2)] bool HasIncomingPassword,
    [property: Id(3)] bool HasOutgoingPassword,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(7)] ImmutableDictionary<string, FolderPosition> Cursors,
    [property: Id(8)] OAuth2ConnectionView? OAuth2 = null);

/// <summary>The outcome of writing an account.</summary>
public enum AccountWriteOutcome
{
    Created,
    Updated,

    /// <summary>A field is wrong (400): <see cref="AccountWriteResult.Errors"/> names each.</summary>
    Invalid,

    /// <summary>Receiving cannot be enabled yet (422): <see cref="AccountWriteResult.Errors"/> lists what is missing.</summary>
    Incomplete,

    /// <summary>The account changed since it was read (<see cref="AccountInput.ExpectedVersion"/>).</summary>
    VersionConflict,

    /// <summary>The tenant has as many accounts as its quota allows (409): <see cref="AccountWriteResult.Errors"/> says which.</summary>
    QuotaReached,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountWriteResult")]
public sealed record AccountWriteResult(
    [property: Id(0)] AccountWriteOutcome Outcome,
    [property: Id(1)] AccountView? View,
    [property: Id(2)] ImmutableDictionary<string, string[]> Errors)
{
    public static AccountWriteResult Failed(AccountWriteOutcome outcome, ImmutableDictionary<string, string[]> errors) => new(outcome, null, errors);

    public static AccountWriteResult Written(AccountWriteOutcome outcome, AccountView view) => new(outcome, view, ImmutableDictionary<string, string[]>.Empty);
}
