using MailGrains.Users;

namespace MailGrains.Grains.Users;

[GenerateSerializer]
[Alias("MailGrains.UserState")]
public sealed class UserState
{
    [Id(0)]
    public UserProfile? Profile { get; set; }
}
