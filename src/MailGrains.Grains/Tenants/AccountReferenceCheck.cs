using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.Tenants;

/// <summary>The users an account's defaults name must be users of the tenant; each unknown one is an error naming its field.</summary>
internal static class AccountReferenceCheck
{
    public static ImmutableDictionary<string, string[]> UnknownUsers(DefaultSettings defaults, IReadOnlySet<string> users)
    {
        var errors = ImmutableDictionary.CreateBuilder<string, string[]>();
        if (!users.Contains(defaults.OwnerUserId))
        {
            errors["defaults.ownerUserId"] = [$"There is no user '{defaults.OwnerUserId}' in this tenant."];
        }

        var senders = defaults.AllowedSenders.Where(u => !users.Contains(u)).ToArray();
        if (senders.Length > 0)
        {
            errors["defaults.allowedSenders"] = [.. senders.Select(u => $"There is no user '{u}' in this tenant.")];
        }

        for (var i = 0; i < defaults.Permissions.Length; i++)
        {
            var userId = defaults.Permissions[i].UserId;
            if (!users.Contains(userId))
            {
                errors[$"defaults.permissions[{i}].userId"] = [$"There is no user '{userId}' in this tenant."];
            }
        }

        return errors.ToImmutable();
    }
}
