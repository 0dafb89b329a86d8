using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace MailGrains.Grains.Tests.Sending;

/// <summary>
/// A FAKE storage fault, and the only one in these tests: it wraps the silo's real grain storage (Azure Tables
/// on the test Azurite) and, while armed for one outbox, refuses that outbox's state writes as a storage outage
/// would. It exists because the real fault (storage failing right after the SMTP server took a mail) cannot be
/// provoked otherwise: the Azurite is shared by every test running, so it cannot be stopped for one. Reads,
/// clears and every other grain's writes go to the real storage unchanged.
/// </summary>
internal sealed class OutboxWriteFaults(IGrainStorage storage) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly ConcurrentDictionary<string, Plan> s_plans = new(StringComparer.Ordinal);

    /// <summary>Wraps the grain storage of every silo built with this.</summary>
    public static void Install(IServiceCollection services)
    {
        var real = services.Single(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, StorageNames.Grains));
        services.Remove(real);
        services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (sp, key) => new OutboxWriteFaults((IGrainStorage)real.KeyedImplementationFactory!(sp, key)));
    }

    /// <summary>From now on, lets the outbox <paramref name="outboxKey"/> write <paramref name="allowedWrites"/> times, then refuses its writes until disarmed.</summary>
    public static Plan Arm(string outboxKey, int allowedWrites) => s_plans[outboxKey] = new Plan(allowedWrites);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => storage.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => storage.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var plan = stateName == "outbox" && s_plans.TryGetValue(grainId.Key.ToString()!, out var found) ? found : null;
        if (plan is not null && plan.Refuses())
        {
            throw new Azure.RequestFailedException(503, "Storage outage (a fake one, made by the test).");
        }

        await storage.WriteStateAsync(stateName, grainId, grainState);
        if (plan is not null && grainState.State is MailGrains.Grains.Sending.OutboxState outbox)
        {
            plan.Written(outbox.Queue.Count);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) => (storage as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>What one outbox may write, and what it did.</summary>
    public sealed class Plan(int allowedWrites)
    {
        private int _allowed = allowedWrites;
        private int _refused;
        private int _lastQueueLength = -1;
        private volatile bool _armed = true;

        /// <summary>Writes refused so far.</summary>
        public int Refused => Volatile.Read(ref _refused);

        /// <summary>How many entries the last write that reached storage left in the queue (-1: none yet).</summary>
        public int LastQueueLength => Volatile.Read(ref _lastQueueLength);

        public void Disarm() => _armed = false;

        internal bool Refuses()
        {
            if (!_armed || Interlocked.Decrement(ref _allowed) >= 0)
            {
                return false;
            }

            Interlocked.Increment(ref _refused);
            return true;
        }

        internal void Written(int queueLength) => Volatile.Write(ref _lastQueueLength, queueLength);
    }
}
