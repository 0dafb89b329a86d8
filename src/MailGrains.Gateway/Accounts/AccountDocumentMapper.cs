using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Gateway.Users;
using MailGrains.Users;

namespace MailGrains.Gateway.Accounts;

/// <summary>Between the API's account document and the grains' settings, with the documented defaults.</summary>
internal static class AccountDocumentMapper
{
    public const string DefaultActivityType = "E";
    public const int DefaultPollIntervalSeconds = 300;

    public static AccountSettings ToSettings(AccountDocument d)
    {
        var incoming = d.Server?.Incoming;
        var outgoing = d.Server?.Outgoing;
        var protocol = incoming?.Protocol ?? MailProtocol.Imap;
        return new AccountSettings(
            new GeneralSettings(
                d.General?.Name?.Trim() ?? "",
                d.General?.Email?.Trim() ?? "",
                Blank(d.General?.ReplyTo),
                d.General?.Note ?? "",
                d.General?.ReceiveEnabled ?? false),
            new DefaultSettings(
                d.Defaults?.OwnerUserId ?? "",
                Blank(d.Defaults?.ActivityType) ?? DefaultActivityType,
                [.. (d.Defaults?.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.Ordinal)],
                [.. (d.Defaults?.Permissions ?? []).Select(p => new AccessGrant(p.UserId!, p.Access ?? Access.Read))],
                [.. (d.Defaults?.AllowedSenders ?? []).Distinct(StringComparer.Ordinal)],
                Blank(d.Defaults?.OutgoingActivityType)),
            new ServerSettings(
                new IncomingServer(protocol, Blank(incoming?.Host), incoming?.Security ?? Security.Auto, Blank(incoming?.UserName)),
                new OutgoingServer(Blank(outgoing?.Host), outgoing?.Security ?? Security.Auto, Blank(outgoing?.UserName)),
                d.Server?.DeleteFromServerAfterDays ?? 0),
            new ImapSettings(
                [.. d.Imap?.Folders ?? ["INBOX"]],
                Blank(d.Imap?.SpamFolder),
                Blank(d.Imap?.SentFolder)),
            d.Signature?.ToSignature() ?? Signature.None,
            new AdvancedSettings(
                d.Advanced?.IncomingPort ?? 0,
                d.Advanced?.OutgoingPort ?? 0,
                d.Advanced?.PollIntervalSeconds ?? DefaultPollIntervalSeconds,
                (d.Advanced?.LastUids ?? []).ToImmutableDictionary(StringComparer.Ordinal)));
    }

    /// <summary>What the grains write: settings, each password kept, set or removed, and the version replaced.</summary>
    public static AccountInput ToInput(AccountDocument d, long? expectedVersion) => new(
        ToSettings(d),
        PasswordChange(d.Server?.Incoming?.PasswordSent == true, d.Server?.Incoming?.Password),
        PasswordChange(d.Server?.Outgoing?.PasswordSent == true, d.Server?.Outgoing?.Password),
        expectedVersion);

    public static AccountDocument ToDocument(AccountView view)
    {
        var s = view.Settings;
        return new AccountDocument
        {
            Id = view.AccountId,
            Version = view.Version,
            UpdatedAt = view.UpdatedAt,
            General = new GeneralTab
            {
                Name = s.General.Name,
                Email = s.General.Email,
                ReplyTo = s.General.ReplyTo,
                Note = s.General.Note,
                ReceiveEnabled = s.General.ReceiveEnabled,
            },
            Defaults = new DefaultsTab
            {
                OwnerUserId = s.Defaults.OwnerUserId,
                ActivityType = s.Defaults.ActivityType,
                OutgoingActivityType = s.Defaults.OutgoingActivityType,
                Tags = [.. s.Defaults.Tags],
                Permissions = [.. s.Defaults.Permissions.Select(p => new PermissionDocument { UserId = p.UserId, Access = p.Access })],
                AllowedSenders = [.. s.Defaults.AllowedSenders],
            },
            Server = new ServerTab
            {
                Incoming = new IncomingServerDocument
                {
                    Protocol = s.Server.Incoming.Protocol,
                    Host = s.Server.Incoming.Host,
                    Security = s.Server.Incoming.Security,
                    UserName = s.Server.Incoming.UserName,
                    HasPassword = view.HasIncomingPassword,
                },
                Outgoing = new OutgoingServerDocument
                {
                    Host = s.Server.Outgoing.Host,
                    Security = s.Server.Outgoing.Security,
                    UserName = s.Server.Outgoing.UserName,
                    HasPassword = view.HasOutgoingPassword,
                },
                DeleteFromServerAfterDays = s.Server.DeleteFromServerAfterDays,
            },
            Imap = new ImapTab { Folders = [.. s.Imap.Folders], SpamFolder = s.Imap.SpamFolder, SentFolder = s.Imap.SentFolder },
            Signature = SignatureDocument.From(s.Signature),
            Advanced = new AdvancedTab
            {
                IncomingPort = s.Advanced.IncomingPort,
                OutgoingPort = s.Advanced.OutgoingPort,
                PollIntervalSeconds = s.Advanced.PollIntervalSeconds,
                LastUids = new Dictionary<string, long>(s.Advanced.LastUids, StringComparer.Ordinal),
                ResolvedIncomingPort = StandardPorts.Incoming(s.Server.Incoming.Protocol, s.Server.Incoming.Security, s.Advanced.IncomingPort),
                ResolvedOutgoingPort = StandardPorts.Outgoing(s.Server.Outgoing.Security, s.Advanced.OutgoingPort),
            },
        };
    }

    /// <summary>A password left out is kept, null removes it, a value replaces it.</summary>
    private static PasswordChange PasswordChange(bool sent, string? password)
        => !sent ? MailGrains.Accounts.PasswordChange.Keep
            : password is null ? MailGrains.Accounts.PasswordChange.Clear
            : MailGrains.Accounts.PasswordChange.Set(password);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
