using Azure.Core;
using Azure.Core.Pipeline;

namespace MailGrains.Bench.Probes;

/// <summary>Counts every HTTP request the silo's storage clients send: one per transaction, batch or single.</summary>
public sealed class StorageCounter : HttpPipelineSynchronousPolicy
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);
}
