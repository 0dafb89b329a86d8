using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Grains.Tenants;

/// <summary>
/// The users an account names (owner, permissions, allowed senders) must be users of the tenant; each unknown one is an
/// error under the name of its field in the API's account document.
/// </summary>
internal static class AccountReferenceCheck
{
    public static ImmutableDictionary<string, string[]> UnknownUsers(AccountConfiguration configuration, IReadOnlySet<string> users)
    {
        var (filing, sending) = (configuration.Filing, configuration.Sending);
        var errors = ImmutableDictionary.CreateBuilder<string, string[]>();
        if (!users.Contains(filing.OwnerUserId))
        {
            errors["defaults.ownerUserId"] = [$"There is no user '{filing.OwnerUserId}' in this tenant."];
        }

        var senders = sending.AllowedSenders.Where(u => !users.Contains(u)).ToArray();
        if (senders.Length > 0)
        {
            errors["defaults.allowedSenders"] = [.. senders.Select(u => $"There is no user '{u}' in this tenant.")];
        }

        for (var i = 0; i < filing.Permissions.Length; i++)
        {
            var userId = filing.Permissions[i].UserId;
            if (!users.Contains(userId))
            {
                errors[$"defaults.permissions[{i}].userId"] = [$"There is no user '{userId}' in this tenant."];
            }
        }

        return errors.ToImmutable();
    }
}
