using System.Diagnostics;
using MailGrains.Bench.Probes;

namespace MailGrains.Bench;

/// <summary>What the sections of one bench run share: options, services, the mailboxes made so far, the instruments.</summary>
public sealed class BenchRun(BenchOptions options, BenchEnvironment env) : IAsyncDisposable
{
    private readonly List<MailUser> _empty = [];

    public BenchOptions Options => options;

    public BenchEnvironment Env => env;

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..6];

    public MailUsers Users { get; } = new(env, Guid.NewGuid().ToString("N")[..6]);

    public Instruments Instruments { get; } = new();

    /// <summary>The first <paramref name="count"/> empty mailboxes of the run, made as needed (idle and polling share them).</summary>
    public async Task<IReadOnlyList<MailUser>> EmptyMailboxesAsync(int count)
    {
        if (_empty.Count < count)
        {
            _empty.AddRange(await Users.AddAsync("e" + _empty.Count + "x", count - _empty.Count));
        }

        return _empty.Take(count).ToList();
    }

    public StoragePrefix NewPrefix() => new(env.StorageConnectionString);

    public Task<BenchSilo> StartSiloAsync(StoragePrefix prefix) => BenchSilo.StartAsync(env, prefix.Name, prefix.SecretKey);

    public static void Log(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    /// <summary>Full collections until the heap settles, then its size.</summary>
    public static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>CPU time of this process: the silo, since the ceilings run in other phases.</summary>
    public static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Waits until <paramref name="done"/> holds, checking every 100 ms; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Instruments.Dispose();
        await Users.DisposeAsync();
    }
}
