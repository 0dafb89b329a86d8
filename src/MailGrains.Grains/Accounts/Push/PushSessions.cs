using MailGrains.Grains.Fetching;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap.Idle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Accounts.Push;

/// <summary>
/// What the silo's push watches share: the IDLE budget, the connector (network, transport and certificate policy as
/// for fetching), the watcher's options and a token that ends every watch when the silo stops.
/// </summary>
internal sealed class PushSessions(
    MailConnector connector,
    IOptions<MailOptions> options,
    ILoggerFactory loggers,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _siloStopping = new();

    public IdleSessionBudget Budget { get; } = new(() => options.Value.MaxIdleSessions);

    public MailConnector Connector => connector;

    /// <summary>The watcher's defaults, and a report when a watch begins: mail that came between the last fetch and the watch is fetched then.</summary>
    public IdleOptions IdleOptions { get; } = IdleOptions.Default with { ReportOnFirstOpen = true };

    public TimeProvider Clock => clock;

    public ILogger Logger { get; } = loggers.CreateLogger("MailGrains.Grains.Accounts.Push");

    public ILogger WatcherLogger { get; } = loggers.CreateLogger<ImapIdleWatcher>();

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
