using MailGrains.Accounts;
using MailGrains.Users;

namespace MailGrains.Grains.Tenants;

/// <summary>The defaults the account screen applies from the owner: display name and the owner's tag.</summary>
internal static class AccountDefaults
{
    public static AccountSettings Apply(AccountSettings settings, UserProfile owner)
    {
        var general = string.IsNullOrWhiteSpace(settings.General.Name)
            ? settings.General with { Name = owner.DisplayName }
            : settings.General;
        var tags = settings.Defaults.Tags;
        if (!string.IsNullOrEmpty(owner.Tag) && !tags.Contains(owner.Tag, StringComparer.Ordinal))
        {
            tags = tags.Add(owner.Tag);
        }

        return settings with { General = general, Defaults = settings.Defaults with { Tags = tags } };
    }

    /// <summary>Every user the settings name, for the directory's reference checks.</summary>
    public static HashSet<string> Users(AccountSettings settings)
        => [.. settings.Defaults.AllowedSenders.Concat(settings.Defaults.Permissions.Select(p => p.UserId)).Append(settings.Defaults.OwnerUserId)];
}
