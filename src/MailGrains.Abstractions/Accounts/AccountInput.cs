using System.Collections.Immutable;

namespace MailGrains.Accounts;

/// <summary>
/// What an admin writes: the configuration, what to do with each password, and the folder cursors to move (by folder
/// name, the last UID to count as read; a cursor of a folder that is not synced is ignored). Id 0 held the earlier,
/// tab-shaped settings.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountInput")]
public sealed record AccountInput(
    [property: Id(4)] AccountConfiguration Configuration,
    [property: Id(1)] PasswordChange IncomingPassword,
    [property: Id(2)] PasswordChange OutgoingPassword,
    [property: Id(3)] long? ExpectedVersion,
    [property: Id(5)] ImmutableDictionary<string, long> MovedCursors)
{
    public AccountInput(AccountConfiguration configuration, PasswordChange incomingPassword, PasswordChange outgoingPassword, long? expectedVersion)
        : this(configuration, incomingPassword, outgoingPassword, expectedVersion, ImmutableDictionary<string, long>.Empty)
    {
    }
}

/// <summary>Keep the stored password (the field was omitted), set a new one, or clear it.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.PasswordChange")]
public sealed record PasswordChange(
    [property: Id(0)] PasswordAction Action,
    [property: Id(1)] string? NewPassword)
{
    public static PasswordChange Keep { get; } = new(PasswordAction.Keep, null);

    public static PasswordChange Clear { get; } = new(PasswordAction.Clear, null);

    public static PasswordChange Set(string password) => new(PasswordAction.Set, password);

    /// <summary>Never the password itself, so that a logged record leaks nothing.</summary>
    public override string ToString() => $"PasswordChange {{ Action = {Action} }}";
}

public enum PasswordAction
{
    Keep,
    Set,
    Clear,
}
