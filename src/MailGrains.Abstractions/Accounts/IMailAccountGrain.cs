namespace MailGrains.Accounts;

/// <summary>A mail account, keyed <c>{tenantId}/{accountId}</c>: its configuration (and, from fetching on, its sync state and reminder).</summary>
[Alias("MailGrains.IMailAccountGrain")]
public interface IMailAccountGrain : IGrainWithStringKey
{
    /// <summary>The account without secrets, or null when it does not exist.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<AccountView?> GetAsync();

    /// <summary>
    /// Stores the configuration. Called by the tenant grain after it checked references and applied the
    /// defaults; refuses to enable receiving while the incoming server, user name or password is missing.
    /// </summary>
    [Alias("Configure")]
    Task<AccountWriteResult> ConfigureAsync(AccountInput input);

    /// <summary>
    /// Moves a synced folder's cursor: the next fetch reads the messages after <paramref name="lastUid"/> (0 reads the
    /// folder again from the start; what is stored already is not stored twice). Stops a running fetch first, which
    /// then goes on from the new cursor. The configuration and its version do not change.
    /// </summary>
    [Alias("MoveCursor")]
    Task<CursorMoveResult> MoveCursorAsync(string folder, uint lastUid);

    /// <summary>Starts a fetch now instead of waiting for the reminder; false when receiving is off.</summary>
    [Alias("RequestFetch")]
    Task<bool> RequestFetchAsync();

    /// <summary>
    /// A poll that was due at <paramref name="dueAt"/> may have been lost with a dead silo: fetches now unless a
    /// fetch ended after that time, one is running or waiting, or the account is backing off. One-way, so a
    /// silo recovering many accounts never waits for their fetches.
    /// </summary>
    [OneWay]
    [Alias("CatchUpPoll")]
    Task CatchUpPollAsync(DateTimeOffset dueAt);

    /// <summary>
    /// Starts IMAP IDLE push if the account wants it and does not push yet (e.g. after its silo died); otherwise does
    /// nothing. One-way, so a silo resuming many accounts never waits for their connections.
    /// </summary>
    [OneWay]
    [Alias("ResumePush")]
    Task ResumePushAsync();

    /// <summary>The fetch status; answers at once, even while a fetch runs.</summary>
    [AlwaysInterleave]
    [Alias("GetStatus")]
    Task<AccountStatus?> GetStatusAsync();


    /// <summary>
    /// Connects the account with an OAuth2 grant, replacing any earlier one: the refresh token is stored encrypted and
    /// never returned. Without an address (a backend setting a refresh token it holds) the account asks the provider
    /// once for an access token, which checks the grant and may name the address. Clears a "reconnect" error.
    /// </summary>
    [Alias("ConnectOAuth2")]
    Task<OAuth2ConnectResult> ConnectOAuth2Async(OAuth2GrantInput grant);

    /// <summary>Forgets the OAuth2 connection (its tokens); false when there was none.</summary>
    [Alias("DisconnectOAuth2")]
    Task<bool> DisconnectOAuth2Async();

    /// <summary>Removes the account's state and reminders.</summary>
    [Alias("Delete")]
    Task DeleteAsync();
}
