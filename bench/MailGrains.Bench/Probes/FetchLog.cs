using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MailGrains.Bench.Probes;

/// <summary>
/// Watches the product's log for finished fetches (<c>AccountFetch</c>'s "fetched" and "fetch failed" lines),
/// so a run knows when every account it triggered has fetched without asking storage. Errors go to stderr.
/// </summary>
public sealed class FetchLog : ILoggerProvider
{
    private const string FetchRunCategory = "MailGrains.Grains.Fetching.AccountFetch";
    private readonly ConcurrentQueue<(DateTime At, string Account, bool Failed)> _fetches = new();
    private int _errorsShown;
    private long _failures;

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>How many distinct accounts of <paramref name="accounts"/> finished a fetch at or after <paramref name="since"/>.</summary>
    public int FinishedSince(DateTime since, IReadOnlySet<string> accounts)
        => _fetches.Where(f => f.At >= since && accounts.Contains(f.Account)).Select(f => f.Account).Distinct().Count();

    /// <summary>When the last of <paramref name="accounts"/> finished its first fetch at or after <paramref name="since"/>.</summary>
    public DateTime? LastFinishedSince(DateTime since, IReadOnlySet<string> accounts)
    {
        var firsts = _fetches.Where(f => f.At >= since && accounts.Contains(f.Account)).GroupBy(f => f.Account).Select(g => g.Min(f => f.At)).ToList();
        return firsts.Count == accounts.Count ? firsts.Max() : null;
    }

    public void Clear() => _fetches.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Record(string category, LogLevel level, IReadOnlyList<KeyValuePair<string, object?>>? values, string text)
    {
        if (category == FetchRunCategory && values?.FirstOrDefault(v => v.Key == "Account").Value is string account)
        {
            var failed = level >= LogLevel.Warning;
            _fetches.Enqueue((DateTime.UtcNow, account, failed));
            if (failed)
            {
                Interlocked.Increment(ref _failures);
            }
        }

        if (level >= LogLevel.Warning && Interlocked.Increment(ref _errorsShown) <= 20)
        {
            Console.Error.WriteLine($"  [silo {level}] {category}: {text}");
        }
    }

    private sealed class Logger(FetchLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (logLevel == LogLevel.Information && category == FetchRunCategory);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Record(category, logLevel, state as IReadOnlyList<KeyValuePair<string, object?>>, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name));
            }
        }
    }
}
