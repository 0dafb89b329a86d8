using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Mail.Messages;

namespace MailGrains.Grains.Activities;

/// <summary>Turns a fetched message into its activity, stamped with the account's filing (owner, type, tags, permissions) at fetch time.</summary>
internal static class ActivityFactory
{
    /// <param name="headerOnly">Only the message's header was downloaded (the server said the message is too large): flagged so.</param>
    public static NewActivity Create(string accountKey, ActivityFiling filing, FolderRole role, ServerLocation? location, byte[] raw, DateTimeOffset storedAt, long parseLimit, bool headerOnly = false)
    {
        var digest = MessageDigester.Digest(raw, parseLimit);
        if (headerOnly)
        {
            digest = digest with { Flags = [.. digest.Flags.Union([MessageFlags.TooLarge, MessageFlags.BodyNotFetched]).Order(StringComparer.Ordinal)] };
        }

        var (tenantId, accountId) = GrainKeys.Split(accountKey);
        var id = IdOf(accountKey, role, digest);
        var activity = new Activity(
            id,
            tenantId,
            filing.OwnerUserId,
            accountId,
            role == FolderRole.Sent ? Direction.Outgoing : Direction.Incoming,
            role == FolderRole.Sent ? ActivityFolder.Sent : ActivityFolder.Inbox,
            role == FolderRole.Sent ? filing.EffectiveOutgoingActivityType : filing.ActivityType,
            filing.Tags,
            filing.Permissions,
            digest.From is { } from ? Address(from) : null,
            [.. digest.To.Select(Address)],
            [.. digest.Cc.Select(Address)],
            [.. digest.ReplyTo.Select(Address)],
            digest.Subject,
            digest.Date,
            digest.MessageId,
            digest.InReplyTo,
            [.. digest.References],
            digest.Snippet,
            [.. digest.Attachments.Select(a => new ActivityAttachment(a.Name, a.ContentType, a.Size))],
            digest.Size,
            location,
            [.. digest.Flags],
            storedAt);
        return new NewActivity(activity, raw);
    }

    /// <summary>The activity id a message gets in a folder role: the same bytes always give the same id.</summary>
    public static string IdOf(string accountKey, FolderRole role, MessageDigest digest)
        => ActivityIds.Compute(accountKey, role.ToString().ToLowerInvariant(), digest.MessageId, digest.Sha256, digest.Date ?? DateTimeOffset.UnixEpoch);

    private static ActivityAddress Address(MailAddressValue address) => new(address.Name, address.Address);
}

/// <summary>What a synced folder's mail is: received (inbox and other folders) or sent (the sent folder).</summary>
internal enum FolderRole
{
    Inbox,
    Sent,
}
