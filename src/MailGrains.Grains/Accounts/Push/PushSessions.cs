using System.Diagnostics.Metrics;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Telemetry;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap.Idle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Accounts.Push;

/// <summary>
/// What the silo's push watches share: the IDLE budget, the connector (network, transport and certificate policy as
/// for fetching), the watcher's options and a token that ends every watch when the silo stops. The budget in use is
/// the instrument <c>mailgrains.push.sessions</c>.
/// </summary>
internal sealed class PushSessions : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _siloStopping = new();

    public PushSessions(
        MailConnector connector,
        IOptions<MailOptions> options,
        ILoggerFactory loggers,
        IMeterFactory meters,
        [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
    {
        Connector = connector;
        Clock = clock;
        Budget = new IdleSessionBudget(() => options.Value.MaxIdleSessions);
        Logger = loggers.CreateLogger("MailGrains.Grains.Accounts.Push");
        WatcherLogger = loggers.CreateLogger<ImapIdleWatcher>();
        meters.Create(MailGrainsMetrics.MeterName).CreateObservableUpDownCounter(
            "mailgrains.push.sessions",
            () => Budget.InUse,
            "{session}",
            "IMAP IDLE sessions (push) the silo holds, connecting and reconnecting ones included.");
    }

    public IdleSessionBudget Budget { get; }

    public MailConnector Connector { get; }

    /// <summary>The watcher's defaults, and a report when a watch begins: mail that came between the last fetch and the watch is fetched then.</summary>
    public IdleOptions IdleOptions { get; } = IdleOptions.Default with { ReportOnFirstOpen = true };

    public TimeProvider Clock { get; }

    public ILogger Logger { get; }

    public ILogger WatcherLogger { get; }

    /// <summary>Cancelled when the silo stops: every watch logs out.</summary>
    public CancellationToken SiloStopping => _siloStopping.Token;

    /// <summary>The push of one account activation; <paramref name="requestFetch"/> enters the grain through its reference.</summary>
    public AccountPush ForAccount(string account, Func<Task> requestFetch) => new(this, requestFetch, account);

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(PushSessions),
        ServiceLifecycleStage.Active,
        _ => Task.CompletedTask,
        _ => _siloStopping.CancelAsync());

    public void Dispose() => _siloStopping.Dispose();
}
