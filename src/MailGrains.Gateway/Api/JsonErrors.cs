using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Api;

/// <summary>
/// The one place that turns a body the framework could not read into a problem: 415 for a body that is not JSON,
/// 400 naming the field by its JSON path for a mistyped, unknown or repeated member (<c>body</c> when the body is
/// no JSON object at all).
/// </summary>
internal sealed class JsonErrors : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancel)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        IResult problem = bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => Problems.Status(
                bad.StatusCode,
                "JSON expected",
                "Send the body as application/json (or application/merge-patch+json for PATCH)."),
            StatusCodes.Status400BadRequest => Problem(bad.InnerException as JsonException),
            _ => Problems.Status(bad.StatusCode, "Bad request", bad.Message),
        };
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>400 naming the member of <paramref name="exception"/>, or the body.</summary>
    public static ValidationProblem Problem(JsonException? exception)
    {
        // A syntax error comes from the reader (the inner JsonException): the body as a whole is not JSON.
        var path = exception is { InnerException: not JsonException } ? exception.Path : null;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return Problems.Invalid("body", "The body must be one JSON object.");
        }

        var text = exception!.Message;
        var message = text.Contains("could not be mapped", StringComparison.Ordinal) ? "This field is unknown."
            : text.StartsWith("Duplicate", StringComparison.Ordinal) || text.EndsWith("once.", StringComparison.Ordinal)
                ? "This field is given more than once."
                : "This field has the wrong type or an unknown value.";
        return Problems.Invalid(path.TrimStart('$', '.'), message);
    }
}
