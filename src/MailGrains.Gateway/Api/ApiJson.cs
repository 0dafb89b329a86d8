using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailGrains.Gateway.Api;

/// <summary>The API's JSON: camelCase, lower-case enum names, no unknown members.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(LowerCase.Instance, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    private sealed class LowerCase : JsonNamingPolicy
    {
        public static LowerCase Instance { get; } = new();

        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
