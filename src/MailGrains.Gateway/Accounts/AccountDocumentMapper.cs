using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Gateway.OAuth2;
using MailGrains.Gateway.Users;
using MailGrains.Users;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// Between the API's account document (shaped like the account screen's tabs) and the grains' configuration, with the
/// documented defaults. <c>advanced.lastUids</c> is not configuration: it shows the cursors of the sync state, and a
/// value sent moves one (<see cref="AccountInput.MovedCursors"/>).
/// </summary>
internal static class AccountDocumentMapper
{
    public const string DefaultActivityType = "E";
    public const int DefaultPollIntervalSeconds = 300;

    public static AccountConfiguration ToConfiguration(AccountDocument d)
    {
        var incoming = d.Server?.Incoming;
        var outgoing = d.Server?.Outgoing;
        return new AccountConfiguration(
            new MailboxIdentity(
                d.General?.Name?.Trim() ?? "",
                d.General?.Email?.Trim() ?? "",
                Blank(d.General?.ReplyTo),
                d.General?.Note ?? ""),
            new ActivityFiling(
                d.Defaults?.OwnerUserId ?? "",
                Blank(d.Defaults?.ActivityType) ?? DefaultActivityType,
                Blank(d.Defaults?.OutgoingActivityType),
                [.. (d.Defaults?.Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.Ordinal)],
                [.. (d.Defaults?.Permissions ?? []).Select(p => new AccessGrant(p.UserId!, p.Access ?? Access.Read))]),
            new MailReceiving(
                d.General?.ReceiveEnabled ?? false,
                incoming?.Protocol ?? MailProtocol.Imap,
                new MailServer(Blank(incoming?.Host), d.Advanced?.IncomingPort ?? 0, incoming?.Security ?? Security.Auto, Blank(incoming?.UserName), incoming?.SignIn ?? SignInMethod.Password),
                [.. d.Imap?.Folders ?? ["INBOX"]],
                Blank(d.Imap?.SpamFolder),
                d.Advanced?.PollIntervalSeconds ?? DefaultPollIntervalSeconds,
                d.Server?.DeleteFromServerAfterDays ?? 0,
                ImportFromText.TryParse(d.Imap?.ImportFrom, out var importFrom) ? importFrom : ImportFrom.All,
                d.Imap?.Push ?? PushMode.Auto),
            new MailSending(
                new MailServer(Blank(outgoing?.Host), d.Advanced?.OutgoingPort ?? 0, outgoing?.Security ?? Security.Auto, Blank(outgoing?.UserName), outgoing?.SignIn ?? SignInMethod.Password),
                [.. (d.Defaults?.AllowedSenders ?? []).Distinct(StringComparer.Ordinal)],
                Blank(d.Imap?.SentFolder),
                d.Signature?.ToSignature() ?? Signature.None));
    }

    /// <summary>
    /// What the grains write: the configuration, each password kept, set or removed, the version replaced, and the
    /// cursors <c>advanced.lastUids</c> moves.
    /// </summary>
    public static AccountInput ToInput(AccountDocument d, long? expectedVersion) => new(
        ToConfiguration(d),
        PasswordChange(d.Server?.Incoming?.PasswordSent == true, d.Server?.Incoming?.Password),
        PasswordChange(d.Server?.Outgoing?.PasswordSent == true, d.Server?.Outgoing?.Password),
        expectedVersion,
        (d.Advanced?.LastUids ?? []).ToImmutableDictionary(StringComparer.Ordinal));

    public static AccountDocument ToDocument(AccountView view)
    {
        var (identity, filing, receiving, sending) = view.Configuration;
        return new AccountDocument
        {
            Id = view.AccountId,
            Version = view.Version,
            UpdatedAt = view.UpdatedAt,
            General = new GeneralTab
            {
                Name = identity.Name,
                Email = identity.Email,
                ReplyTo = identity.ReplyTo,
                Note = identity.Note,
                ReceiveEnabled = receiving.Enabled,
            },
            Defaults = new DefaultsTab
            {
                OwnerUserId = filing.OwnerUserId,
                ActivityType = filing.ActivityType,
                OutgoingActivityType = filing.OutgoingActivityType,
                Tags = [.. filing.Tags],
                Permissions = [.. filing.Permissions.Select(p => new PermissionDocument { UserId = p.UserId, Access = p.Access })],
                AllowedSenders = [.. sending.AllowedSenders],
            },
            Server = new ServerTab
            {
                Incoming = new IncomingServerDocument
                {
                    Protocol = receiving.Protocol,
                    Host = receiving.Server.Host,
                    Security = receiving.Server.Security,
                    UserName = receiving.Server.UserName,
                    HasPassword = view.HasIncomingPassword,
                    SignIn = receiving.Server.SignIn,
                },
                Outgoing = new OutgoingServerDocument
                {
                    Host = sending.Server.Host,
                    Security = sending.Server.Security,
                    UserName = sending.Server.UserName,
                    HasPassword = view.HasOutgoingPassword,
                    SignIn = sending.Server.SignIn,
                },
                DeleteFromServerAfterDays = receiving.DeleteFromServerAfterDays,
                OAuth2 = OAuth2ConnectionDocument.From(view.OAuth2),
            },
            Imap = new ImapTab
            {
                Folders = [.. receiving.SyncedFolders],
                SpamFolder = receiving.SpamFolder,
                SentFolder = sending.SentFolder,
                ImportFrom = ImportFromText.Format(receiving.EffectiveImportFrom),
                Push = receiving.Push,
            },
            Signature = SignatureDocument.From(sending.Signature),
            Advanced = new AdvancedTab
            {
                IncomingPort = receiving.Server.Port,
                OutgoingPort = sending.Server.Port,
                PollIntervalSeconds = receiving.PollIntervalSeconds,
                LastUids = view.Cursors.ToDictionary(c => c.Key, c => (long)c.Value.LastUid, StringComparer.Ordinal),
                ResolvedIncomingPort = receiving.ResolvedPort,
                ResolvedOutgoingPort = sending.ResolvedPort,
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
