using MailGrains.Accounts;
using MailGrains.Users;

namespace MailGrains.Grains.Tenants;

/// <summary>The defaults an account takes from its owner: display name and the owner's tag.</summary>
internal static class AccountDefaults
{
    public static AccountConfiguration Apply(AccountConfiguration configuration, UserProfile owner)
    {
        var identity = string.IsNullOrWhiteSpace(configuration.Identity.Name)
            ? configuration.Identity with { Name = owner.DisplayName }
            : configuration.Identity;
        var tags = configuration.Filing.Tags;
        if (!string.IsNullOrEmpty(owner.Tag) && !tags.Contains(owner.Tag, StringComparer.Ordinal))
        {
            tags = tags.Add(owner.Tag);
        }

        return configuration with { Identity = identity, Filing = configuration.Filing with { Tags = tags } };
    }

    /// <summary>Every user the configuration names, for the directory's reference checks.</summary>
    public static HashSet<string> Users(AccountConfiguration configuration)
        => [.. configuration.Sending.AllowedSenders.Concat(configuration.Filing.Permissions.Select(p => p.UserId)).Append(configuration.Filing.OwnerUserId)];
}
