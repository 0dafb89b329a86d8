using MailGrains.Accounts;
using MailGrains.Grains.Secrets;

namespace MailGrains.Grains.Accounts;

[GenerateSerializer]
[Alias("MailGrains.MailAccountState")]
public sealed class MailAccountState
{
    /// <summary>Null until the account is configured.</summary>
    [Id(0)]
    public AccountSettings? Settings { get; set; }

    [Id(1)]
    public EncryptedSecret? IncomingPassword { get; set; }

    [Id(2)]
    public EncryptedSecret? OutgoingPassword { get; set; }

    /// <summary>Goes up on every configuration change; lets a merge patch detect a concurrent write.</summary>
    [Id(3)]
    public long Version { get; set; }

    [Id(4)]
    public DateTimeOffset UpdatedAt { get; set; }
}
