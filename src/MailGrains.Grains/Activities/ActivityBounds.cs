using System.Collections.Immutable;
using MailGrains.Activities;
using MailGrains.Mail.Messages;

namespace MailGrains.Grains.Activities;

/// <summary>
/// Every field of an activity comes from a mail anyone can send, so every stored field has a bound: a mail with
/// thousands of recipients, references or attachments, or a huge subject, still becomes an activity that fits
/// one table property (64 KiB). What is cut is flagged <see cref="MessageFlags.Truncated"/>; the raw message is
/// always kept whole, so nothing is lost. The activity id is computed before, from the whole message, so a cut
/// never changes it.
/// </summary>
public static class ActivityBounds
{
    /// <summary>The most an activity may take serialised: well under a table property's 64 KiB.</summary>
    public const int MaxSerializedBytes = 48 * 1024;

    /// <summary>The bounds of a normal activity.</summary>
    public static readonly Limits Normal = new(Subject: 1000, Addresses: 100, Name: 256, Address: 320, References: 50, Id: 998, Attachments: 200, FileName: 255, ContentType: 127, Tags: 50, Tag: 64, Permissions: 100, Snippet: 200, Detail: 500);

    /// <summary>Tighter bounds for the rare activity whose fields are all at their normal bounds at once.</summary>
    public static readonly Limits Tight = new(Subject: 255, Addresses: 10, Name: 64, Address: 254, References: 5, Id: 250, Attachments: 20, FileName: 100, ContentType: 64, Tags: 20, Tag: 64, Permissions: 20, Snippet: 200, Detail: 200);

    /// <summary>Returns the activity within bounds (the same instance when nothing had to be cut).</summary>
    public static Activity Fit(Activity activity)
    {
        var within = Within(activity, Normal);
        if (within && MaxJsonBytes(activity) <= MaxSerializedBytes)
        {
            return activity; // the common case: no cut, no serialisation to measure
        }

        var fitted = within ? activity : Cut(activity, Normal);
        if (ActivityRows.SerializedSize(fitted) > MaxSerializedBytes)
        {
            fitted = Cut(activity, Tight);
        }

        if (ActivityRows.SerializedSize(fitted) > MaxSerializedBytes)
        {
            fitted = Reduced(activity);
        }

        return fitted == activity ? activity : Flag(fitted, MessageFlags.Truncated);
    }

    /// <summary>
    /// The least an activity can be: who, what, when and where, no lists. Used when storage refused the full
    /// activity; flagged <see cref="MessageFlags.StoredReduced"/>. The raw message keeps everything.
    /// </summary>
    public static Activity Reduced(Activity activity)
    {
        var limits = Tight;
        var reduced = activity with
        {
            Tags = [],
            Permissions = [],
            From = activity.From is { } from ? Address(from, limits) : null,
            To = [],
            Cc = [],
            ReplyTo = [],
            Subject = Text(activity.Subject, limits.Subject),
            MessageId = Text(activity.MessageId, limits.Id),
            InReplyTo = Text(activity.InReplyTo, limits.Id),
            References = [],
            Snippet = Text(activity.Snippet, limits.Snippet) ?? "",
            Attachments = [],
            StatusDetail = Text(activity.StatusDetail, limits.Detail),
        };
        return Flag(reduced, MessageFlags.StoredReduced);
    }

    private static Activity Cut(Activity a, Limits limits)
    {
        var cut = a with
        {
            Type = Text(a.Type, limits.Tag) ?? "",
            Tags = List(a.Tags, limits.Tags, t => Text(t, limits.Tag)!),
            Permissions = List(a.Permissions, limits.Permissions, p => p),
            From = a.From is { } from ? Address(from, limits) : null,
            To = List(a.To, limits.Addresses, x => Address(x, limits)),
            Cc = List(a.Cc, limits.Addresses, x => Address(x, limits)),
            ReplyTo = List(a.ReplyTo, limits.Addresses, x => Address(x, limits)),
            Subject = Text(a.Subject, limits.Subject),
            MessageId = Text(a.MessageId, limits.Id),
            InReplyTo = Text(a.InReplyTo, limits.Id),
            References = References(a.References, limits),
            Snippet = Text(a.Snippet, limits.Snippet) ?? "",
            Attachments = List(a.Attachments, limits.Attachments, x => new ActivityAttachment(Text(x.Name, limits.FileName), Text(x.ContentType, limits.ContentType)!, x.Size)),
            StatusDetail = Text(a.StatusDetail, limits.Detail),
        };
        return Same(a, cut) ? a : cut;
    }

    private static bool Within(Activity a, Limits limits)
        => Short(a.Type, limits.Tag) && Count(a.Tags, limits.Tags) && a.Tags.All(t => Short(t, limits.Tag)) && Count(a.Permissions, limits.Permissions)
            && (a.From is null || Fits(a.From, limits)) && Addresses(a.To, limits) && Addresses(a.Cc, limits) && Addresses(a.ReplyTo, limits)
            && Short(a.Subject, limits.Subject) && Short(a.MessageId, limits.Id) && Short(a.InReplyTo, limits.Id)
            && Count(a.References, limits.References) && a.References.All(r => Short(r, limits.Id)) && Short(a.Snippet, limits.Snippet)
            && Count(a.Attachments, limits.Attachments) && a.Attachments.All(x => Short(x.Name, limits.FileName) && Short(x.ContentType, limits.ContentType))
            && Short(a.StatusDetail, limits.Detail);

    private static bool Short(string? value, int max) => value is null || value.Length <= max;

    private static bool Count<T>(ImmutableArray<T> items, int max) => items.IsDefault || items.Length <= max;

    private static bool Fits(ActivityAddress address, Limits limits) => Short(address.Name, limits.Name) && Short(address.Address, limits.Address);

    private static bool Addresses(ImmutableArray<ActivityAddress> list, Limits limits) => Count(list, limits.Addresses) && list.All(x => Fits(x, limits));

    /// <summary>
    /// An upper bound of the activity's JSON size without serialising it: every character may be escaped to six
    /// (<c>\uXXXX</c>), plus a generous allowance per member and list entry.
    /// </summary>
    private static long MaxJsonBytes(Activity a)
    {
        static long Text(string? value) => 16 + (6L * (value?.Length ?? 0));
        static long Address(ActivityAddress? x) => x is null ? 8 : 48 + Text(x.Name) + Text(x.Address);
        var total = 1024L + Text(a.Id) + Text(a.TenantId) + Text(a.OwnerUserId) + Text(a.AccountId) + Text(a.Type) + Text(a.Subject)
            + Text(a.MessageId) + Text(a.InReplyTo) + Text(a.Snippet) + Text(a.StatusDetail) + Address(a.From)
            + (a.Location is null ? 0 : 96 + Text(a.Location.Folder));
        total += a.Tags.IsDefault ? 0 : a.Tags.Sum(Text);
        total += a.Flags.IsDefault ? 0 : a.Flags.Sum(Text);
        total += a.References.IsDefault ? 0 : a.References.Sum(Text);
        total += a.Permissions.IsDefault ? 0 : a.Permissions.Sum(p => 48 + Text(p.UserId));
        total += new[] { a.To, a.Cc, a.ReplyTo }.Where(l => !l.IsDefault).Sum(l => l.Sum(Address));
        total += a.Attachments.IsDefault ? 0 : a.Attachments.Sum(x => 64 + Text(x.Name) + Text(x.ContentType));
        return total;
    }

    /// <summary>Records compare arrays by reference, so compare what may have been cut by value.</summary>
    private static bool Same(Activity a, Activity b)
        => a.Type == b.Type && a.Tags.SequenceEqual(b.Tags) && a.Permissions.SequenceEqual(b.Permissions) && a.From == b.From
            && a.To.SequenceEqual(b.To) && a.Cc.SequenceEqual(b.Cc) && a.ReplyTo.SequenceEqual(b.ReplyTo) && a.Subject == b.Subject
            && a.MessageId == b.MessageId && a.InReplyTo == b.InReplyTo && a.References.SequenceEqual(b.References)
            && a.Snippet == b.Snippet && a.Attachments.SequenceEqual(b.Attachments) && a.StatusDetail == b.StatusDetail;

    /// <summary>The thread's root (the first) and the most recent ones (the last) matter most for threading.</summary>
    private static ImmutableArray<string> References(ImmutableArray<string> references, Limits limits)
    {
        var kept = references.Length <= limits.References ? references : [references[0], .. references[^(limits.References - 1)..]];
        return [.. kept.Select(r => Text(r, limits.Id)!)];
    }

    private static ImmutableArray<T> List<T>(ImmutableArray<T> items, int max, Func<T, T> fit)
        => items.IsDefault ? [] : [.. items.Take(max).Select(fit)];

    private static ActivityAddress Address(ActivityAddress address, Limits limits)
        => new(Text(address.Name, limits.Name) ?? "", Text(address.Address, limits.Address) ?? "");

    private static string? Text(string? value, int max)
    {
        if (value is null || value.Length <= max)
        {
            return value;
        }

        var cut = value[..max];
        return char.IsHighSurrogate(cut[^1]) ? cut[..^1] : cut;
    }

    private static Activity Flag(Activity activity, string flag)
        => activity.Flags.Contains(flag) ? activity : activity with { Flags = [.. activity.Flags.Append(flag).Order(StringComparer.Ordinal)] };

    /// <summary>The bounds of one level: counts of list entries and lengths of strings, in characters.</summary>
    public sealed record Limits(
        int Subject, int Addresses, int Name, int Address, int References, int Id, int Attachments, int FileName, int ContentType, int Tags, int Tag, int Permissions, int Snippet, int Detail);
}
