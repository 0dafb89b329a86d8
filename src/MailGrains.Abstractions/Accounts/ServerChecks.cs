using System.Collections.Immutable;

namespace MailGrains.Accounts;

/// <summary>Whether a login worked, and why not.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ConnectionCheck")]
public sealed record ConnectionCheck(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string? Error);

[GenerateSerializer, Immutable]
[Alias("MailGrains.ConnectionTest")]
public sealed record ConnectionTest(
    [property: Id(0)] ConnectionCheck Incoming,
    [property: Id(1)] ConnectionCheck Outgoing);

/// <summary>A folder on the IMAP server, for the admin's folder picker.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerFolder")]
public sealed record ServerFolder(
    [property: Id(0)] string Name,
    [property: Id(1)] string? SpecialUse,
    [property: Id(2)] int? Messages);

/// <summary>The server's folders, or why they could not be listed.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.ServerFolderList")]
public sealed record ServerFolderList(
    [property: Id(0)] ImmutableArray<ServerFolder> Folders,
    [property: Id(1)] string? Error);
