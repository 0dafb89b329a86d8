using MailGrains.Users;

namespace MailGrains.Grains.Users;

[GenerateSerializer]
[Alias("MailGrains.UserState")]
public sealed class UserState
{
    [Id(0)]
    public UserProfile? Profile { get; set; }

    /// <summary>The user was deleted and their activities and raw mail are still being erased.</summary>
    [Id(1)]
    public bool Erasing { get; set; }
}
