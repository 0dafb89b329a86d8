using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MailGrains.Bench.Probes;

/// <summary>
/// Listens to the product's meter (<c>mailgrains.fetch.lag</c>, <c>mailgrains.imap.sessions</c>) and Orleans' reminder instruments
/// (<c>orleans-reminders-ticks-delivered</c>, <c>orleans-reminders-tardiness</c>), with the time of each measurement.
/// </summary>
public sealed class Instruments : IDisposable
{
    public const string FetchLag = "mailgrains.fetch.lag";
    public const string TicksDelivered = "orleans-reminders-ticks-delivered";
    public const string Tardiness = "orleans-reminders-tardiness";
    public const string ImapSessions = "mailgrains.imap.sessions";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(DateTime At, double Value)> _lags = new();
    private readonly ConcurrentQueue<(DateTime At, double Value)> _tardiness = new();
    private readonly ConcurrentQueue<DateTime> _ticks = new();
    private readonly ConcurrentQueue<(DateTime At, bool Reused)> _sessions = new();

    public Instruments()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name == "MailGrains" && instrument.Name is FetchLag or ImapSessions)
                || (instrument.Meter.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && instrument.Name is TicksDelivered or Tardiness))
            {
                listener.EnableMeasurementEvents(instrument);
                if (instrument.Name == Tardiness)
                {
                    TardinessUnit = instrument.Unit ?? "";
                }
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == ImapSessions)
            {
                var reused = false;
                foreach (var tag in tags)
                {
                    reused |= tag.Key == "session" && tag.Value as string == "reused";
                }

                _sessions.Enqueue((DateTime.UtcNow, reused));
                return;
            }

            Record(instrument.Name, value);
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    /// <summary>The unit Orleans gives its tardiness histogram (converted to seconds by <see cref="TardinessIn"/>).</summary>
    public string TardinessUnit { get; private set; } = "";

    /// <summary>Fetch lags (seconds) recorded in [from, to).</summary>
    public IReadOnlyList<double> Lags(DateTime from, DateTime to) => [.. _lags.Where(l => l.At >= from && l.At < to).Select(l => l.Value)];

    /// <summary>How late reminder ticks fired (seconds) in [from, to), by Orleans' own measure.</summary>
    public IReadOnlyList<double> TardinessIn(DateTime from, DateTime to)
    {
        var scale = TardinessUnit == "ms" ? 0.001 : 1;
        return [.. _tardiness.Where(l => l.At >= from && l.At < to).Select(l => l.Value * scale)];
    }

    /// <summary>IMAP sessions fetches used in [from, to): how many, and how many of them were kept open since the last poll.</summary>
    public (int Total, int Reused) SessionsIn(DateTime from, DateTime to)
    {
        var sessions = _sessions.Where(s => s.At >= from && s.At < to).ToList();
        return (sessions.Count, sessions.Count(s => s.Reused));
    }

    public int TicksSince(DateTime from) => _ticks.Count(t => t >= from);

    public DateTime? FirstTickSince(DateTime from) => _ticks.Where(t => t >= from).DefaultIfEmpty().Min() is var first && first != default ? first : null;

    /// <summary>When the <paramref name="n"/>-th tick at or after <paramref name="from"/> was delivered.</summary>
    public DateTime? NthTickSince(DateTime from, int n)
    {
        var ticks = _ticks.Where(t => t >= from).Order().ToList();
        return ticks.Count >= n ? ticks[n - 1] : null;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string name, double value)
    {
        var now = DateTime.UtcNow;
        switch (name)
        {
            case FetchLag:
                _lags.Enqueue((now, value));
                break;
            case Tardiness:
                _tardiness.Enqueue((now, value));
                break;
            case TicksDelivered:
                for (var i = 0; i < value; i++)
                {
                    _ticks.Enqueue(now);
                }

                break;
        }
    }
}
