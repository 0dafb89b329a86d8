using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Api;

/// <summary>
/// Reads a JSON request body with a size limit, keeping the parsed tree (to see which fields were sent,
/// e.g. a password) and turning every JSON mistake into a field-named validation error.
/// </summary>
internal static class JsonBody
{
    /// <summary>Account documents with signatures stay far below this.</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<JsonBodyResult<T>> ReadAsync<T>(HttpRequest request, JsonNode? mergeInto = null)
        where T : class
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (!IsJson(request.ContentType))
        {
            return JsonBodyResult<T>.UnsupportedMediaType();
        }

        if (request.ContentLength > MaxBytes)
        {
            return JsonBodyResult<T>.TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return JsonBodyResult<T>.TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (!Utf8.IsValid(bytes))
        {
            return JsonBodyResult<T>.Invalid("body", "The body is not valid UTF-8.");
        }

        if (DuplicateProperties.FindFirst(bytes) is { } duplicate)
        {
            return JsonBodyResult<T>.Invalid(duplicate, "This field is given more than once.");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex) when (FieldName(ex.Path) is var field && field != "body")
        {
            return JsonBodyResult<T>.Invalid(field, $"Not valid here: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return JsonBodyResult<T>.Invalid("body", $"The body is not valid JSON: {ex.Message}");
        }

        if (node is not JsonObject)
        {
            return JsonBodyResult<T>.Invalid("body", "The body must be a JSON object.");
        }

        return Materialize<T>((JsonObject)node, mergeInto, options);
    }

    /// <summary>Applies the same merge patch that <paramref name="previous"/> read to a newer target.</summary>
    public static JsonBodyResult<T> Reapply<T>(JsonBodyResult<T> previous, JsonNode target, JsonSerializerOptions options)
        where T : class
        => Materialize<T>(previous.Sent ?? throw new InvalidOperationException("Nothing was read."), target, options);

    private static JsonBodyResult<T> Materialize<T>(JsonObject sent, JsonNode? mergeInto, JsonSerializerOptions options)
        where T : class
    {
        var merged = mergeInto is null ? sent : MergePatch.Apply(mergeInto, sent);
        try
        {
            var value = merged.Deserialize<T>(options);
            return value is null ? JsonBodyResult<T>.Invalid("body", "The body must be a JSON object.") : JsonBodyResult<T>.Ok(value, sent);
        }
        catch (JsonException ex)
        {
            return JsonBodyResult<T>.Invalid(FieldName(ex.Path), Describe(ex));
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reports a string with an unpaired surrogate escape (\ud800) this way.
            return JsonBodyResult<T>.Invalid("body", "A string holds an unpaired surrogate (\\ud800-\\udfff without its pair).");
        }
    }

    /// <summary><c>application/json</c>, <c>application/merge-patch+json</c> or another <c>+json</c> type.</summary>
    private static bool IsJson(string? contentType)
        => Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
            && type.MediaType.Value is { } media
            && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>$.server.incoming.port</c> → <c>server.incoming.port</c>.</summary>
    private static string FieldName(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string Describe(JsonException ex) => ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? "This field is unknown."
        : "This field has the wrong type or an unknown value.";
}

internal sealed record JsonBodyResult<T>(T? Value, JsonObject? Sent, ValidationErrors? Errors, bool IsTooLarge, bool IsNotJson = false)
    where T : class
{
    public static JsonBodyResult<T> UnsupportedMediaType() => new(null, null, null, false, IsNotJson: true);

    public static JsonBodyResult<T> Ok(T value, JsonObject sent) => new(value, sent, null, false);

    public static JsonBodyResult<T> Invalid(string field, string message) => new(null, null, new ValidationErrors().Add(field, message), false);

    public static JsonBodyResult<T> TooLarge() => new(null, null, null, true);

    /// <summary>The problem to answer with when the body could not be read.</summary>
    public IResult? Problem => IsTooLarge
        ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", detail: $"The body may be at most {JsonBody.MaxBytes} bytes.")
        : IsNotJson
            ? TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected", detail: "Send the body as application/json (or application/merge-patch+json for PATCH).")
            : Errors?.ToProblem();
}
