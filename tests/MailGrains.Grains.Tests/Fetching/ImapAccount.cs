using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Tenants;
using MailGrains.Testing;
using MailGrains.Users;
using MailKit;
using MailKit.Search;

namespace MailGrains.Grains.Tests.Fetching;

/// <summary>
/// An IMAP account of a fresh tenant on a test mailbox, written through the tenant grain as the gateway
/// writes it (incoming host 127.0.0.1, no TLS, the test IMAP port), and what the account stored.
/// </summary>
internal sealed class ImapAccount
{
    public const string OwnerId = "owner";
    public const string DefaultAccountId = "imap";

    private readonly IGrainFactory _grains;
    private readonly TestMailbox _mailbox;
    private readonly ImmutableArray<string> _folders;

    private ImapAccount(IGrainFactory grains, TestMailbox mailbox, string tenantId, ImmutableArray<string> folders)
    {
        _grains = grains;
        _mailbox = mailbox;
        _folders = folders;
        TenantId = tenantId;
    }

    public string TenantId { get; }

    public string AccountId { get; private init; } = DefaultAccountId;

    public MailProtocol Protocol { get; private init; } = MailProtocol.Imap;

    /// <summary>The incoming port: the test Dovecot's, or a scripted server's.</summary>
    public int? Port { get; private init; }

    public int PollIntervalSeconds { get; private init; } = 300;

    /// <summary>What a first read imports (null: the setting left out, as in state stored before it existed).</summary>
    public ImportFrom? ImportFrom { get; private init; }

    /// <summary>Whether the account wants IMAP IDLE push (the default, auto).</summary>
    public PushMode Push { get; private init; } = PushMode.Auto;

    public IMailAccountGrain Grain => _grains.GetGrain<IMailAccountGrain>(GrainKeys.Scoped(TenantId, AccountId));

    public IUserGrain Owner => _grains.GetGrain<IUserGrain>(GrainKeys.Scoped(TenantId, OwnerId));

    /// <summary>Creates a tenant with the owner and the account, receiving enabled (which starts a fetch).</summary>
    public static Task<ImapAccount> EnableAsync(IGrainFactory grains, TestMailbox mailbox, params string[] folders)
        => EnableAsync(grains, mailbox, MailProtocol.Imap, folders);

    /// <summary>The same, polling INBOX every <paramref name="pollIntervalSeconds"/>.</summary>
    public static Task<ImapAccount> EnablePollingAsync(IGrainFactory grains, TestMailbox mailbox, int pollIntervalSeconds)
        => EnableAsync(grains, mailbox, MailProtocol.Imap, ["INBOX"], pollIntervalSeconds);

    /// <summary>The same, polling INBOX every <paramref name="pollIntervalSeconds"/>, with <c>imap.push</c> set to <paramref name="push"/>.</summary>
    public static async Task<ImapAccount> EnableWithPushAsync(IGrainFactory grains, TestMailbox mailbox, int pollIntervalSeconds, PushMode push, MailProtocol protocol = MailProtocol.Imap)
    {
        var account = new ImapAccount(grains, mailbox, "t" + Guid.NewGuid().ToString("N")[..12], ["INBOX"]) { Protocol = protocol, PollIntervalSeconds = pollIntervalSeconds, Push = push };
        await CreateTenantAsync(grains, account.TenantId);
        var result = await account.PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Set(mailbox.Password));
        Assert.Equal(AccountWriteOutcome.Created, result.Outcome);
        return account;
    }

    /// <summary>The same for a POP3 account on the same mailbox.</summary>
    public static Task<ImapAccount> EnablePop3Async(IGrainFactory grains, TestMailbox mailbox)
        => EnableAsync(grains, mailbox, MailProtocol.Pop3, ["INBOX"]);

    /// <summary>An IMAP (or POP3) account on <paramref name="folder"/> that imports from <paramref name="importFrom"/>.</summary>
    public static async Task<ImapAccount> EnableImportingAsync(
        IGrainFactory grains, TestMailbox mailbox, ImportFrom importFrom, MailProtocol protocol = MailProtocol.Imap, string folder = "INBOX")
    {
        var account = new ImapAccount(grains, mailbox, "t" + Guid.NewGuid().ToString("N")[..12], [folder]) { Protocol = protocol, ImportFrom = importFrom };
        await CreateTenantAsync(grains, account.TenantId);
        var result = await account.PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Set(mailbox.Password));
        Assert.Equal(AccountWriteOutcome.Created, result.Outcome);
        return account;
    }

    /// <summary>
    /// An IMAP account <paramref name="accountId"/> of tenant <paramref name="tenantId"/> (created with its owner when
    /// new) whose server is on <paramref name="port"/> of the test host, e.g. a scripted hostile server.
    /// </summary>
    public static async Task<ImapAccount> EnableOnPortAsync(IGrainFactory grains, TestMailbox mailbox, int port, string? tenantId = null, string accountId = DefaultAccountId)
    {
        tenantId ??= "t" + Guid.NewGuid().ToString("N")[..12];
        await CreateTenantAsync(grains, tenantId);
        var account = new ImapAccount(grains, mailbox, tenantId, ["INBOX"]) { Port = port, AccountId = accountId };
        var result = await account.PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Set(mailbox.Password));
        Assert.Equal(AccountWriteOutcome.Created, result.Outcome);
        return account;
    }

    private static async Task CreateTenantAsync(IGrainFactory grains, string tenantId)
    {
        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        await TestOperator.ActAsync(() => tenant.UpsertAsync("Fault tests"));
        await tenant.PutUserAsync(OwnerId, new UserProfile("Owner", "owner@example.test", null, false, Signature.None));
    }

    private static async Task<ImapAccount> EnableAsync(IGrainFactory grains, TestMailbox mailbox, MailProtocol protocol, string[] folders, int pollIntervalSeconds = 300)
    {
        var account = new ImapAccount(grains, mailbox, "t" + Guid.NewGuid().ToString("N")[..12], [.. folders]) { Protocol = protocol, PollIntervalSeconds = pollIntervalSeconds };
        await CreateTenantAsync(grains, account.TenantId);
        var result = await account.PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Set(mailbox.Password));
        Assert.Equal(AccountWriteOutcome.Created, result.Outcome);
        return account;
    }

    /// <summary>Writes the same configuration with another incoming password (e.g. a wrong one, then the right one again).</summary>
    public Task<AccountWriteResult> SetPasswordAsync(string password) => PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Set(password));

    /// <summary>Writes the same configuration again with cursors to move, as an admin does through <c>advanced.lastUids</c>.</summary>
    public Task<AccountWriteResult> PutLastUidsAsync(ImmutableDictionary<string, long> lastUids) => PutAsync(lastUids, PasswordChange.Keep);

    /// <summary>Polls the status until a folder's cursor satisfies <paramref name="done"/>.</summary>
    public Task<AccountStatus> WaitForCursorAsync(string folder, Func<FolderPosition, bool> done, TimeSpan timeout, string what)
        => Eventually.MatchesAsync(
            async () => await Grain.GetStatusAsync() ?? throw new InvalidOperationException("The account does not exist."),
            s => s.Folders.TryGetValue(folder, out var position) && done(position),
            timeout,
            what);

    /// <summary>Asks for a fetch and waits until one that began after the request has ended; the status then.</summary>
    public async Task<AccountStatus> FetchAndWaitAsync(TimeSpan timeout)
    {
        var before = (await Grain.GetStatusAsync())?.LastFetchAt;
        await Grain.RequestFetchAsync();
        return await Eventually.MatchesAsync(
            async () => await Grain.GetStatusAsync() ?? throw new InvalidOperationException("The account does not exist."),
            s => s.LastFetchAt > before && s.State != FetchState.Fetching,
            timeout,
            "a fetch to end");
    }

    /// <summary>Waits until the fetch that enabling receiving started has ended.</summary>
    public Task<AccountStatus> WaitForFirstFetchAsync(TimeSpan timeout)
        => Eventually.MatchesAsync(
            async () => await Grain.GetStatusAsync() ?? throw new InvalidOperationException("The account does not exist."),
            s => s.LastFetchAt is not null && s.State != FetchState.Fetching,
            timeout,
            "the first fetch to end");

    /// <summary>Every activity of the owner in a folder view, paging through the list newest first.</summary>
    public async Task<IReadOnlyList<Activity>> ListAllAsync(ActivityFolder folder = ActivityFolder.Inbox)
    {
        var all = new List<Activity>();
        string? cursor = null;
        do
        {
            var page = await Owner.ListActivitiesAsync(folder, 250, cursor);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    /// <summary>The folder's UIDVALIDITY and the UIDs it holds now, ascending.</summary>
    public async Task<(uint UidValidity, IReadOnlyList<uint> Uids)> ServerUidsAsync(string folderName)
    {
        using var imap = await TestMessages.ConnectAsync(_mailbox);
        var folder = await imap.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var uids = await folder.SearchAsync(SearchQuery.All);
        await imap.DisconnectAsync(quit: true);
        return (folder.UidValidity, [.. uids.Select(u => u.Id).Order()]);
    }

    /// <summary>Each message of the folder as the server returns it (BODY.PEEK[]), by UID.</summary>
    public async Task<IReadOnlyDictionary<uint, byte[]>> ServerRawAsync(string folderName)
    {
        using var imap = await TestMessages.ConnectAsync(_mailbox);
        var folder = await imap.GetFolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        var raw = new Dictionary<uint, byte[]>();
        foreach (var uid in await folder.SearchAsync(SearchQuery.All))
        {
            await using var stream = await folder.GetStreamAsync(uid);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            raw[uid.Id] = copy.ToArray();
        }

        await imap.DisconnectAsync(quit: true);
        return raw;
    }

    /// <summary>Writes the same settings with another incoming password, as an admin does.</summary>
    public Task<AccountWriteResult> SetIncomingPasswordAsync(string password) => PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Set(password));

    /// <summary>Writes the same settings with receiving switched on or off, as an admin does.</summary>
    public Task<AccountWriteResult> SetReceivingAsync(bool enabled) => PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Keep, enabled);

    /// <summary>Writes the same settings with other synced folders and a sent folder.</summary>
    public Task<AccountWriteResult> SetFoldersAsync(ImmutableArray<string> folders, string? sentFolder)
        => PutAsync(ImmutableDictionary<string, long>.Empty, PasswordChange.Keep, folders: folders, sentFolder: sentFolder);

    private async Task<AccountWriteResult> PutAsync(ImmutableDictionary<string, long> lastUids, PasswordChange password, bool receiving = true, ImmutableArray<string>? folders = null, string? sentFolder = null)
    {
        var port = Port ?? (Protocol == MailProtocol.Pop3 ? TestServices.Pop3Port : TestServices.ImapPort);
        var configuration = new AccountConfiguration(
            new MailboxIdentity("Fault test account", _mailbox.Address, null, ""),
            new ActivityFiling(OwnerId, "E", null, [], []),
            new MailReceiving(receiving, Protocol, new MailServer(TestServices.Host, port, Security.None, _mailbox.UserName), folders ?? _folders, null, PollIntervalSeconds, 0, ImportFrom, Push),
            new MailSending(new MailServer(null, 0, Security.Auto, null), [], sentFolder, Signature.None));
        var result = await _grains.GetGrain<IAccountWriterGrain>(TenantId).PutAsync(AccountId, new AccountInput(configuration, password, PasswordChange.Keep, null, lastUids));
        Assert.True(result.View is not null, $"writing the account failed: {result.Outcome} {string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        return result;
    }
}
