using MailGrains.Grains.Webhooks.Events;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>
/// The end of the tenant's event log as a subscription's delivery last saw it: what a log read found up to the log's
/// end, followed by the events the log handed over with each wake, as long as their numbers follow on without a gap.
/// While that holds, a round takes its events from here instead of reading the log, and a caught-up delivery knows
/// there is nothing to read. Anything that breaks the chain (a gap, a read that did not reach the end, a moved cursor,
/// a new activation) makes the next round read the log again, so a lost or reordered wake costs a read, never an event.
/// </summary>
internal sealed class DeliveryTail
{
    /// <summary>Beyond this many undelivered events the tail is dropped, and rounds read the log (a receiver that is far behind).</summary>
    private const int MaxEvents = 2048;

    private readonly List<LoggedEvent> _events = [];
    private long _end;
    private bool _valid;

    /// <summary>After a log read after <paramref name="cursor"/>: it knows the log's end when the read returned fewer than it asked for.</summary>
    public void Read(long cursor, IReadOnlyList<LoggedEvent> window, bool reachedEnd)
    {
        _events.Clear();
        _valid = reachedEnd;
        if (reachedEnd)
        {
            _events.AddRange(window);
            _end = window.Count > 0 ? window[^1].Sequence : cursor;
        }
    }

    /// <summary>Events the log appended just now, in their order.</summary>
    public void Appended(IReadOnlyList<LoggedEvent> events)
    {
        foreach (var e in events)
        {
            if (!_valid || e.Sequence <= _end)
            {
                continue; // nothing to follow on from, or seen already
            }

            if (e.Sequence != _end + 1 || _events.Count >= MaxEvents)
            {
                Forget();
                return;
            }

            _events.Add(e);
            _end = e.Sequence;
        }
    }

    /// <summary>The next events after <paramref name="cursor"/> (up to <paramref name="max"/>), or null when the log must be read.</summary>
    public IReadOnlyList<LoggedEvent>? After(long cursor, int max)
    {
        if (!_valid)
        {
            return null;
        }

        _events.RemoveAll(e => e.Sequence <= cursor);
        if (_events.Count > 0 ? _events[0].Sequence != cursor + 1 : _end != cursor)
        {
            Forget(); // the cursor is not where the tail goes on from (moved back by a replay, or on by other means)
            return null;
        }

        return _events.Count <= max ? [.. _events] : _events.GetRange(0, max);
    }

    /// <summary>The cursor moved by other means (a start, a replay) or the subscription changed: read the log next.</summary>
    public void Forget()
    {
        _valid = false;
        _events.Clear();
    }
}
