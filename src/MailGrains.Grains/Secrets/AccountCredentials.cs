using MailGrains.Accounts;

namespace MailGrains.Grains.Secrets;

/// <summary>
/// An account's passwords as stored: encrypted, each bound to its account and field (<c>{accountKey}:incoming</c>,
/// <c>{accountKey}:outgoing</c>), so a ciphertext copied elsewhere does not decrypt. Owns protect, rotate and
/// unprotect; plaintext exists only in the silo that unprotects, for the connection that needs it.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.AccountCredentials")]
public sealed record AccountCredentials(
    [property: Id(0)] EncryptedSecret? Incoming,
    [property: Id(1)] EncryptedSecret? Outgoing)
{
    public static readonly AccountCredentials None = new(null, null);

    public string? IncomingPassword(SecretProtector secrets, string accountKey)
        => Incoming is null ? null : secrets.Unprotect(Incoming, Purpose(accountKey, "incoming"));

    public string? OutgoingPassword(SecretProtector secrets, string accountKey)
        => Outgoing is null ? null : secrets.Unprotect(Outgoing, Purpose(accountKey, "outgoing"));

    /// <summary>Whether both passwords are under the current key (else <see cref="Rotated"/> re-encrypts them).</summary>
    public bool IsCurrent(SecretProtector secrets)
        => (Incoming is null || secrets.IsCurrent(Incoming)) && (Outgoing is null || secrets.IsCurrent(Outgoing));

    public AccountCredentials Rotated(SecretProtector secrets, string accountKey) => new(
        Incoming is null ? null : secrets.Rotate(Incoming, Purpose(accountKey, "incoming")),
        Outgoing is null ? null : secrets.Rotate(Outgoing, Purpose(accountKey, "outgoing")));

    /// <summary>The credentials after an admin's change: a new password is encrypted, a cleared one dropped, a kept one rotated.</summary>
    public AccountCredentials Changed(PasswordChange incoming, PasswordChange outgoing, SecretProtector secrets, string accountKey) => new(
        Apply(incoming, Incoming, secrets, Purpose(accountKey, "incoming")),
        Apply(outgoing, Outgoing, secrets, Purpose(accountKey, "outgoing")));

    private static EncryptedSecret? Apply(PasswordChange change, EncryptedSecret? stored, SecretProtector secrets, string purpose) => change.Action switch
    {
        PasswordAction.Set when !string.IsNullOrEmpty(change.NewPassword) => secrets.Protect(change.NewPassword, purpose),
        PasswordAction.Set or PasswordAction.Clear => null,
        _ => stored is null ? null : secrets.Rotate(stored, purpose),
    };

    private static string Purpose(string accountKey, string field) => $"{accountKey}:{field}";
}
