using MailGrains.Grains.Retry;
using System.Collections.Immutable;
using MailGrains.Accounts;
using MailGrains.Grains.Fetching;

namespace MailGrains.Grains.Accounts;

/// <summary>What the account state remembers about fetches: the outcome of the last one and the status shown from it.</summary>
internal static class FetchRecord
{
    public static void Succeeded(MailAccountState account, DateTimeOffset now)
    {
        account.LastError = null;
        account.ConsecutiveFailures = 0;
        account.NextAttemptAt = null;
        account.LastFetchAt = now;
    }

    public static void Failed(MailAccountState account, Exception error, string host, int port, DateTimeOffset now)
    {
        account.ConsecutiveFailures++;
        account.LastError = FetchErrors.Describe(error, host, port);
        account.NextAttemptAt = now + Backoff.After(account.ConsecutiveFailures, Random.Shared);
        account.LastFetchAt = now;
    }

    public static AccountStatus Status(MailAccountState account, AccountSettings settings, bool fetching, long fetched, DateTimeOffset now, string silo)
    {
        var state = !settings.General.ReceiveEnabled ? FetchState.Disabled
            : fetching ? FetchState.Fetching
            : account.LastError is not null ? FetchState.Error
            : FetchState.Idle;
        var next = !settings.General.ReceiveEnabled ? (DateTimeOffset?)null
            : account.NextAttemptAt ?? (account.LastFetchAt ?? now) + TimeSpan.FromSeconds(settings.Advanced.PollIntervalSeconds);
        return new AccountStatus(state, account.LastFetchAt, next, account.LastError, fetched, account.Cursors.ToImmutableDictionary(), account.ConsecutiveFailures, silo);
    }
}
