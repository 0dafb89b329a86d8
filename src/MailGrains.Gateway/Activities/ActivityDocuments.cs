using MailGrains.Activities;

namespace MailGrains.Gateway.Activities;

/// <summary>An activity in a list.</summary>
public sealed record ActivityItem(
    string Id,
    string AccountId,
    Direction Direction,
    ActivityFolder Folder,
    string Type,
    IReadOnlyList<string> Tags,
    AddressDocument? From,
    IReadOnlyList<AddressDocument> To,
    IReadOnlyList<AddressDocument> Cc,
    string? Subject,
    DateTimeOffset? Date,
    string? MessageId,
    string Snippet,
    IReadOnlyList<string> Flags,
    DeliveryStatus? Status,
    string? StatusDetail)
{
    internal static ActivityItem Of(Activity a) => new(
        a.Id, a.AccountId, a.Direction, a.Folder, a.Type, a.Tags, Address(a.From), [.. a.To.Select(x => Address(x)!)], [.. a.Cc.Select(x => Address(x)!)],
        a.Subject, a.Date, a.MessageId, a.Snippet, a.Flags, a.Status, a.StatusDetail);

    internal static AddressDocument? Address(ActivityAddress? address) => address is null ? null : new AddressDocument(address.Name, address.Address);
}

public sealed record AddressDocument(string Name, string Address);

/// <summary>A page of activities, newest first; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next page.</summary>
public sealed record ActivityPageDocument(IReadOnlyList<ActivityItem> Items, string? NextCursor);

/// <summary>
/// One activity with everything the server message gave it. <see cref="SafeHtml"/> is the HTML body without scripts
/// or remote content, for display; it is null when the body was too large or too deeply nested to sanitise, and
/// <see cref="SafeHtmlOmitted"/> then says which (<c>too-large</c>, <c>too-deep</c>). The HTML as received
/// (<see cref="Html"/>) is only in the answer when asked for with <c>?include=html</c>: it may run scripts and load
/// remote content, so it must never be shown as it is.
/// </summary>
public sealed record ActivityDocument(
    ActivityItem Summary,
    IReadOnlyList<AddressDocument> ReplyTo,
    string? InReplyTo,
    IReadOnlyList<string> References,
    IReadOnlyList<PermissionItem> Permissions,
    IReadOnlyList<AttachmentDocument> Attachments,
    long Size,
    LocationDocument? Location,
    DateTimeOffset StoredAt,
    string? Text,
    string? Html,
    string? SafeHtml,
    string? SafeHtmlOmitted)
{
    internal static ActivityDocument Of(ActivityDetail detail, bool includeHtml)
    {
        var a = detail.Activity;
        var (safeHtml, omitted) = MailHtml.Sanitize(detail.Html);
        return new ActivityDocument(
            ActivityItem.Of(a),
            [.. a.ReplyTo.Select(x => ActivityItem.Address(x)!)],
            a.InReplyTo,
            a.References,
            [.. a.Permissions.Select(p => new PermissionItem(p.UserId, p.Access))],
            [.. a.Attachments.Select(x => new AttachmentDocument(x.Name, x.ContentType, x.Size))],
            a.Size,
            a.Location is { } l ? new LocationDocument(l.Folder, l.UidValidity, l.Uid) : null,
            a.StoredAt,
            detail.Text,
            includeHtml ? detail.Html : null,
            safeHtml,
            omitted);
    }
}

public sealed record PermissionItem(string UserId, MailGrains.Accounts.Access Access);

public sealed record AttachmentDocument(string? Name, string ContentType, long Size);

public sealed record LocationDocument(string Folder, uint UidValidity, uint Uid);
