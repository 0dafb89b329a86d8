using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MailGrains.Gateway.Api;

/// <summary>
/// A JSON merge patch (RFC 7396) as the body of a PATCH: objects merge member by member, null removes, anything
/// else replaces. Read as a JSON object whose members are each named once: System.Text.Json refuses a member named
/// twice in a typed body with the member's path, but in a <see cref="JsonObject"/> only later and without one.
/// Bound by <see cref="BindAsync"/>, so that the API description shows the document the route declares it patches.
/// </summary>
[JsonConverter(typeof(Converter))]
internal sealed class MergePatch(JsonObject members) : IBindableFromHttpContext<MergePatch>
{
    public JsonObject Members => members;

    /// <summary>Reads the body: JSON only (else 415), with the API's JSON options.</summary>
    public static async ValueTask<MergePatch?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("A JSON body is expected.", StatusCodes.Status415UnsupportedMediaType);
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await context.Request.ReadFromJsonAsync<MergePatch>(options, context.RequestAborted)
                ?? throw new BadHttpRequestException("A merge patch is a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The body is no JSON merge patch.", ex);
        }
    }

    /// <summary>The patch applied to <paramref name="target"/> (which is not changed).</summary>
    public JsonObject ApplyTo(JsonObject target) => (JsonObject)Apply(target, members)!;

    private static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }

    /// <summary>The path of the first member named twice in an object (<c>$.server.incoming</c>), or null.</summary>
    private static string? FirstDuplicate(JsonElement element, string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return element.ValueKind switch
        {
            JsonValueKind.Array => element.EnumerateArray()
                .Select((item, i) => FirstDuplicate(item, $"{path}[{i}]")).FirstOrDefault(d => d is not null),
            JsonValueKind.Object => element.EnumerateObject()
                .Select(m => names.Add(m.Name) ? FirstDuplicate(m.Value, $"{path}.{m.Name}") : $"{path}.{m.Name}")
                .FirstOrDefault(d => d is not null),
            _ => null,
        };
    }

    private sealed class Converter : JsonConverter<MergePatch>
    {
        public override MergePatch Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("A merge patch is a JSON object.");
            }

            return FirstDuplicate(document.RootElement, "$") is { } duplicate
                ? throw new JsonException("This field is given more than once.", duplicate, null, null)
                : new MergePatch(JsonObject.Create(document.RootElement.Clone())!);
        }

        public override void Write(Utf8JsonWriter writer, MergePatch value, JsonSerializerOptions options)
            => value.Members.WriteTo(writer, options);
    }
}
