using MailGrains.Accounts;

namespace MailGrains.EndToEnd.Tests.Tenants;

/// <summary>
/// A test-only fake in the silo: a grain call filter that holds <see cref="IMailAccountGrain.ConfigureAsync"/> of accounts
/// with the id <see cref="AccountId"/> inside the account grain's turn, until the test releases it, as a long fetch
/// would hold it. Nothing else is changed.
/// </summary>
public sealed class HoldConfigure : IIncomingGrainCallFilter
{
    public const string AccountId = "held";

    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held call has entered the account grain.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Holds the next calls again (until <see cref="Release"/>).</summary>
    public void Arm()
    {
        _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _release.TrySetResult();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IMailAccountGrain.ConfigureAsync) && context.TargetId.Key.ToString()!.EndsWith("/" + AccountId, StringComparison.Ordinal))
        {
            _entered.TrySetResult();
            await _release.Task;
        }

        await context.Invoke();
    }
}

/// <summary>The API on a silo with <see cref="HoldConfigure"/>.</summary>
public sealed class HeldConfigureFixture : Api.ApiFixture
{
    public HoldConfigure Hold { get; } = new();

    protected override void AddSiloServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
        => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IIncomingGrainCallFilter>(services, Hold);
}
