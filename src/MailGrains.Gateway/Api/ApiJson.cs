using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailGrains.Gateway.Api;

/// <summary>The API's JSON: camelCase, lower-case enum names, no unknown members.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        // Strict, unlike the web defaults: "Password" is not "password" and "600" is not 600, so a
        // misspelled or mistyped field is an error instead of being silently read or dropped.
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
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
