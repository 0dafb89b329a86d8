using System.Collections.Concurrent;
using System.Reflection;
using MailGrains.Perimeter;

namespace MailGrains.Grains.Perimeter;

/// <summary>
/// Refuses a call to a <see cref="SiloInternalAttribute"/> method unless it comes from a grain or a system target:
/// a call from a client connection (an external client, or a silo's own hosted client, whose ids are client ids) or
/// from an unknown source is refused before the grain runs. Whether a method is marked is read once and cached.
/// Defence in depth: the caller's id is what the message says it is, so this keeps a client of the cluster (the
/// gateway, or whoever holds its certificate) from reading secrets by mistake or by design, while cluster TLS decides
/// who may connect at all.
/// </summary>
public sealed class SiloInternalCallFilter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<MethodInfo, bool> _marked = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { } method && IsMarked(method) && !FromInsideTheCluster(context.SourceId))
        {
            throw new UnauthorizedAccessException(
                $"{context.InterfaceName}.{context.MethodName} is internal to the silos: a call from a client connection is refused.");
        }

        return context.Invoke();
    }

    private bool IsMarked(MethodInfo method) => _marked.GetOrAdd(method, m => m.IsDefined(typeof(SiloInternalAttribute), inherit: false));

    private static bool FromInsideTheCluster(GrainId? source) => source is { } id && !id.IsClient();
}
