using MailGrains.Accounts;
using MailGrains.Grains.Accounts.Push;
using Microsoft.Extensions.Logging;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// IMAP IDLE push (<see cref="AccountPush"/>): started on activation, after each successful fetch, by the <c>push</c>
/// reminder and by <see cref="ResumePushAsync"/> (sent by <see cref="Failover.MissedPollRecovery"/> when a silo dies);
/// restarted when the configuration changes what it watches; stopped with the activation, receiving or the account.
/// While it runs the activation is kept alive, so that an idle-collection does not drop the connection.
/// </summary>
internal sealed partial class MailAccountGrain
{
    /// <summary>
    /// Kept while the account wants push: it marks the account for <see cref="Failover.MissedPollRecovery"/>, and its
    /// ticks start push where nothing else did (an account over the budget, a recovery that did not reach it).
    /// </summary>
    public const string PushReminder = "push";

    private static readonly TimeSpan s_pushReminderPeriod = TimeSpan.FromHours(1);
    private static readonly TimeSpan s_keepAlivePeriod = TimeSpan.FromMinutes(5);

    private AccountPush? _push;
    private IGrainTimer? _pushKeepAlive;
    private bool _pushReminderKnown;

    private AccountPush PushOfActivation => _push ??= pushSessions.ForAccount(AccountKey, this.AsReference<IMailAccountGrain>().RequestFetchAsync);

    public Task ResumePushAsync() => StartPushAsync();

    private PushState PushStatus => PushTarget.IsWanted(Account.Configuration, Receiving is { } r && HasIncomingSignIn(r)) ? PushOfActivation.State : PushState.Off;

    /// <summary>Starts push if the account wants it and can have it now; a no-op while it runs.</summary>
    private async Task StartPushAsync()
    {
        if (PushTargetNow() is not { } target || !PushOfActivation.TryStart(target, Account.Sync))
        {
            return;
        }

        KeepAliveWhilePushing();
        if (!_pushReminderKnown)
        {
            // Accounts configured before push existed get their reminder at their first push.
            await SetPushReminderAsync(wanted: true, onlyIfMissing: true);
        }
    }

    /// <summary>After a configuration write: a watch of another target (or of none) stops, the reminder follows, push starts as configured.</summary>
    private async Task FollowConfigurationWithPushAsync()
    {
        var target = PushTargetNow();
        if (target is null || !PushOfActivation.IsWatching(target))
        {
            await StopPushAsync();
        }

        await SetPushReminderAsync(wanted: target is not null, onlyIfMissing: false);
        await StartPushAsync();
    }

    private async Task StopPushAsync()
    {
        _pushKeepAlive?.Dispose();
        _pushKeepAlive = null;
        if (_push is { } push)
        {
            await push.StopAsync();
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    private PushTarget? PushTargetNow()
        => PushTarget.IsWanted(Account.Configuration, Receiving is { } r && HasIncomingSignIn(r))
            && IncomingEndpointAtHand(Account.Configuration!.Receiving) is { } endpoint
            ? new PushTarget(endpoint, Account.Configuration!.Receiving.SyncedFolders[0])
            : null;

    /// <summary>Renews the activation's keep-alive while a watch runs; once it has ended, the activation is collected as usual.</summary>
    private void KeepAliveWhilePushing()
    {
        DelayDeactivation(s_keepAlivePeriod * 3);
        _pushKeepAlive ??= this.RegisterGrainTimer(
            () =>
            {
                if (_push?.IsRunning == true)
                {
                    DelayDeactivation(s_keepAlivePeriod * 3);
                }
                else
                {
                    _pushKeepAlive?.Dispose();
                    _pushKeepAlive = null;
                }

                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(s_keepAlivePeriod, s_keepAlivePeriod) { Interleave = true });
    }

    /// <summary>Registers the <see cref="PushReminder"/> (or removes it); a storage failure is logged and tried again at the next push start.</summary>
    private async Task SetPushReminderAsync(bool wanted, bool onlyIfMissing)
    {
        try
        {
            var existing = onlyIfMissing || !wanted ? await this.GetReminder(PushReminder) : null;
            if (wanted && existing is null)
            {
                await this.RegisterOrUpdateReminder(PushReminder, s_pushReminderPeriod, s_pushReminderPeriod);
            }
            else if (!wanted && existing is not null)
            {
                await this.UnregisterReminder(existing);
            }

            _pushReminderKnown = wanted;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _pushReminderKnown = false;
            LogPushReminderFailed(pushSessions.Logger, ex, AccountKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The push reminder of {Account} could not be updated; tried again at its next push")]
    private static partial void LogPushReminderFailed(ILogger logger, Exception error, string account);
}
