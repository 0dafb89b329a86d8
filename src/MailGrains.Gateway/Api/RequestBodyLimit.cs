using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Api;

/// <summary>
/// Request bodies of at most <see cref="MaxBytes"/> (413 beyond), read whole before any endpoint binds them (the
/// test server has no body size limit of its own, so the limit is kept here), and JSON bodies valid UTF-8.
/// </summary>
internal static class RequestBodyLimit
{
    /// <summary>Account documents with signatures stay far below this.</summary>
    public const int MaxBytes = 256 * 1024;

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var method = request.Method;
            if (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsPost(method))
            {
                if (await ReadAsync(request) is { } refused)
                {
                    await refused.ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Replaces the body with its bytes; the problem when it is too large or not UTF-8.</summary>
    private static async Task<IResult?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return TooLarge();
        }

        var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBytes)
            {
                return TooLarge();
            }

            body.Write(chunk, 0, read);
        }

        body.Position = 0;
        request.Body = body;
        return request.HasJsonContentType() && !Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length))
            ? Problems.Invalid("body", "The body is not valid UTF-8.")
            : null;
    }

    private static ProblemHttpResult TooLarge()
        => Problems.Status(
            StatusCodes.Status413PayloadTooLarge,
            "Request body too large", $"The body may be at most {MaxBytes} bytes.");
}
