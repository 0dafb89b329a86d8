using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using MailGrains.Perimeter;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Perimeter;

/// <summary>
/// Refuses a client's call to an <see cref="OperatorOnlyAttribute"/> method unless it carries the operator key
/// (<see cref="OperatorProof"/>) whose SHA-256 is <see cref="OperatorKeyOptions.OperatorKeySha256"/>, compared in
/// constant time; calls from grains pass. Whatever the method, the key is taken out of the request context before the
/// grain runs, so no grain ever sees it or passes it on. Refusals are logged with the method and the caller, never the key.
/// </summary>
public sealed partial class OperatorOnlyCallFilter(IOptions<OperatorKeyOptions> options, ILogger<OperatorOnlyCallFilter> logger)
    : IIncomingGrainCallFilter
{
    private readonly byte[] _expected = options.Value.Hash;
    private readonly ConcurrentDictionary<MethodInfo, bool> _marked = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var presented = RequestContext.Get(OperatorProof.ContextKey) as string;
        if (presented is not null)
        {
            OperatorProof.Detach();
        }

        if (context.InterfaceMethod is { } method && IsMarked(method) && !FromAGrain(context.SourceId) && !IsOperatorKey(presented))
        {
            var why = presented is null ? "it carried no operator key" : "it carried another key";
            LogRefused(logger, context.InterfaceName, context.MethodName, context.SourceId?.ToString() ?? "(unknown)", why);
            throw new UnauthorizedAccessException(
                $"{context.InterfaceName}.{context.MethodName} acts for the operator and {why}: a client's call must carry the "
                + "operator key whose SHA-256 the silos hold (MailGrains:OperatorKeySha256 on the silos, MailGrains:OperatorKey on the gateway).");
        }

        return context.Invoke();
    }

    private bool IsOperatorKey(string? presented)
        => presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected);

    private bool IsMarked(MethodInfo method) => _marked.GetOrAdd(method, m => m.IsDefined(typeof(OperatorOnlyAttribute), inherit: false));

    private static bool FromAGrain(GrainId? source) => source is { } id && !id.IsClient();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a call to {Interface}.{Method} from {Source}: {Why}")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, string source, string why);
}
