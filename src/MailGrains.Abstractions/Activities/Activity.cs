using System.Collections.Immutable;
using MailGrains.Accounts;

namespace MailGrains.Activities;

/// <summary>Which way a mail went, seen from the account.</summary>
public enum Direction
{
    Incoming,
    Outgoing,
}

/// <summary>The folder views of a user's activities.</summary>
public enum ActivityFolder
{
    Inbox,
    Sent,
    Spam,
}

/// <summary>One mail as an activity in its owner's inbox: everything but the bodies, which are read from the raw message on demand.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.Activity")]
public sealed record Activity(
    [property: Id(0)] string Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string OwnerUserId,
    [property: Id(3)] string AccountId,
    [property: Id(4)] Direction Direction,
    [property: Id(5)] ActivityFolder Folder,
    [property: Id(6)] string Type,
    [property: Id(7)] ImmutableArray<string> Tags,
    [property: Id(8)] ImmutableArray<AccessGrant> Permissions,
    [property: Id(9)] ActivityAddress? From,
    [property: Id(10)] ImmutableArray<ActivityAddress> To,
    [property: Id(11)] ImmutableArray<ActivityAddress> Cc,
    [property: Id(12)] ImmutableArray<ActivityAddress> ReplyTo,
    [property: Id(13)] string? Subject,
    [property: Id(14)] DateTimeOffset? Date,
    [property: Id(15)] string? MessageId,
    [property: Id(16)] string? InReplyTo,
    [property: Id(17)] ImmutableArray<string> References,
    [property: Id(18)] string Snippet,
    [property: Id(19)] ImmutableArray<ActivityAttachment> Attachments,
    [property: Id(20)] long Size,
    [property: Id(21)] ServerLocation? Location,
    [property: Id(22)] ImmutableArray<string> Flags,
    [property: Id(23)] DateTimeOffset StoredAt,
    [property: Id(24)] DeliveryStatus? Status = null,
    [property: Id(25)] string? StatusDetail = null);

/// <summary>Where an outgoing mail is: waiting in the outbox, accepted by the SMTP server, or refused for good.</summary>
public enum DeliveryStatus
{
    Queued,
    Sent,
    Failed,
}

[GenerateSerializer, Immutable]
[Alias("MailGrains.ActivityAddress")]
public sealed record ActivityAddress(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address);

[GenerateSerializer, Immutable]
[Alias("MailGrains.ActivityAttachment")]
public sealed record ActivityAttachment(
    [property: Id(0)] string? Name,
    [property: Id(1)] string ContentType,
    [property: Id(2)] long Size);

/// <summary>Where the message was on the server when it was fetched, for later moves (spam) and deletes (retention).</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerLocation")]
public sealed record ServerLocation(
    [property: Id(0)] string Folder,
    [property: Id(1)] uint UidValidity,
    [property: Id(2)] uint Uid);

/// <summary>An activity with its raw message, as an account grain hands it to the owner to store.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.NewActivity")]
public sealed record NewActivity(
    [property: Id(0)] Activity Activity,
    [property: Id(1)] byte[] Raw);

/// <summary>A page of activities, newest first, and the cursor of the next page (null at the end).</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ActivityPage")]
public sealed record ActivityPage(
    [property: Id(0)] ImmutableArray<Activity> Items,
    [property: Id(1)] string? NextCursor);

/// <summary>An activity with its text and HTML bodies, read from the raw message.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ActivityDetail")]
public sealed record ActivityDetail(
    [property: Id(0)] Activity Activity,
    [property: Id(1)] string? Text,
    [property: Id(2)] string? Html);
