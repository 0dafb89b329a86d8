using MailGrains.Gateway.Api;
using MailGrains.Perimeter;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Auth;

/// <summary>
/// Makes the grain calls of an operator route carry the operator key (<see cref="OperatorProof"/>): the silos check it
/// before they create or delete a tenant or mint, list or revoke its keys. When they refuse it, the gateway and the silos
/// disagree on the key, so the answer is 503 naming both settings, and an error is logged.
/// </summary>
internal sealed partial class CarryOperatorKey(IOptions<GatewayOptions> gateway, ILogger<CarryOperatorKey> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        OperatorProof.Attach(gateway.Value.OperatorKey);
        try
        {
            return await next(context);
        }
        catch (UnauthorizedAccessException refused)
        {
            LogRefused(logger, refused.Message);
            return Problems.Status(
                StatusCodes.Status503ServiceUnavailable,
                "The silos refuse this gateway's operator key",
                "Set MailGrains:OperatorKeySha256 on every silo to the SHA-256 of the gateway's MailGrains:OperatorKey "
                + "(printf %s \"$OPERATOR_KEY\" | sha256sum), then retry.");
        }
        finally
        {
            OperatorProof.Detach();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The silos refused an operator call: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
