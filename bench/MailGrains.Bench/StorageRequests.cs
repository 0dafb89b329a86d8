using System.Diagnostics.Tracing;

namespace MailGrains.Bench;

/// <summary>
/// Counts the storage requests the bench process sends (every Azure SDK request: tables, blobs, Orleans' state,
/// reminders and membership), from the SDK's own "Azure-Core" event source. A count per mail does not depend on how
/// busy the machine is, unlike the latencies, so it shows what a change to the storage path saved.
/// </summary>
public sealed class StorageRequests : EventListener
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Azure-Core")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName == "Request")
        {
            Interlocked.Increment(ref _count);
        }
    }
}
