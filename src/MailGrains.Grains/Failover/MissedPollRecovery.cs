using MailGrains.Accounts;
using MailGrains.Grains.Accounts;
using MailGrains.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MailGrains.Grains.Failover;

/// <summary>
/// Catches up the polls a dead silo took with it. Orleans moves a dead silo's reminders to the survivors, but they
/// tick again only at the next multiple of their period, so a poll due while the silo was dying would wait a whole
/// poll interval. When membership declares a silo dead, one survivor (the active silo with the lowest address)
/// reads the fetch reminders and asks every account whose poll fell due since shortly before the death to catch
/// up (<see cref="IMailAccountGrain.CatchUpPollAsync"/>); an account that fetched after that time ignores it.
/// It also asks every account that wants push (it has a <see cref="MailAccountGrain.PushReminder"/>) to resume it
/// (<see cref="IMailAccountGrain.ResumePushAsync"/>): the reminder table does not say where an account was active, so
/// all of them are asked; those that push on a survivor already ignore it, the dead silo's are activated on a survivor
/// and push again there, whatever their poll interval.
/// </summary>
internal sealed partial class MissedPollRecovery(
    IClusterMembershipService membership,
    IReminderTable reminders,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IOptions<ClusterMembershipOptions> membershipOptions,
    MailGrainsMetrics metrics,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<MissedPollRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>Lets the survivors' reminder services take over the dead silo's range before the table is read.</summary>
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    /// <summary>How long before its death was declared a silo may already have been gone: the probes that had to fail, and margin.</summary>
    public TimeSpan Lookback
    {
        get
        {
            var options = membershipOptions.Value;
            return options.ProbeTimeout * (options.NumMissedProbesLimit + 2) + TimeSpan.FromSeconds(10);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(MissedPollRecovery),
        ServiceLifecycleStage.Active,
        _ =>
        {
            _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
            return Task.CompletedTask;
        },
        async _ =>
        {
            await _stopping.CancelAsync();
            await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });

    public void Dispose() => _stopping.Dispose();

    /// <summary>The accounts that want push: those with a push reminder.</summary>
    public static IEnumerable<GrainId> PushAccounts(IEnumerable<ReminderEntry> entries)
        => entries.Where(e => e.ReminderName == MailAccountGrain.PushReminder).Select(e => e.GrainId);

    /// <summary>The accounts to ask, with the due time of their last poll in [<paramref name="from"/>, <paramref name="now"/>].</summary>
    public static IEnumerable<(GrainId Account, DateTimeOffset DueAt)> PollsDueBetween(IEnumerable<ReminderEntry> entries, DateTimeOffset from, DateTimeOffset now)
    {
        foreach (var entry in entries)
        {
            if (entry.ReminderName != MailAccountGrain.FetchReminder || entry.Period <= TimeSpan.Zero)
            {
                continue;
            }

            var startAt = new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc));
            if (now < startAt)
            {
                continue;
            }

            var lastDue = startAt + entry.Period * Math.Floor((now - startAt) / entry.Period);
            if (lastDue >= from)
            {
                yield return (entry.GrainId, lastDue);
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var alive = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var died = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && alive.Contains(m.SiloAddress)).Select(m => m.SiloAddress).ToList();
                alive = [.. snapshot.Members.Values.Where(m => m.Status != SiloStatus.Dead).Select(m => m.SiloAddress)];
                var coordinator = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().FirstOrDefault();
                if (died.Count > 0 && silo.SiloAddress.Equals(coordinator))
                {
                    _ = RecoverAsync(died, clock.GetUtcNow() - Lookback, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecoverAsync(IReadOnlyList<SiloAddress> died, DateTimeOffset from, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(s_settle, clock, cancellationToken);
            var table = await reminders.ReadRows(0, 0, cancellationToken);
            var asked = 0;
            foreach (var (account, dueAt) in PollsDueBetween(table.Reminders, from, clock.GetUtcNow()))
            {
                await grains.GetGrain<IMailAccountGrain>(account).CatchUpPollAsync(dueAt);
                asked++;
            }

            metrics.PollsRecovered.Add(asked);
            var pushing = 0;
            foreach (var account in PushAccounts(table.Reminders))
            {
                await grains.GetGrain<IMailAccountGrain>(account).ResumePushAsync();
                pushing++;
            }

            metrics.PushResumed.Add(pushing);
            LogRecovered(logger, string.Join(", ", died), asked, from, pushing);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecoveryFailed(logger, ex, string.Join(", ", died));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silos} died: asked {Accounts} accounts whose poll fell due since {From:o} to catch up, and {Pushing} accounts that want push to resume it")]
    private static partial void LogRecovered(ILogger logger, string silos, int accounts, DateTimeOffset from, int pushing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silos} died, and catching up its accounts' polls or resuming their push failed; they fetch again at their next poll and push again at their next push reminder")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception error, string silos);
}
