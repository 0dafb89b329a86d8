using System.Text;
using System.Text.Json.Nodes;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Hostile variations of requests for one operation of the OpenAPI document: path segments and query values with
/// control characters, path tricks, huge and non-ASCII values; bodies that are not JSON, of the wrong shape, with
/// every field of the wrong type. Deterministic for a seed.
/// </summary>
internal sealed class RequestFuzzer(Random random)
{
    private const string Placeholder = "__fuzzed__";

    /// <summary>Path segments; no %00, which the server refuses before any application code (the test host throws on it).</summary>
    public static readonly string[] Segments =
    [
        "", "..", "%2e%2e", ".", "a%2Fb", "a%5Cb", "a%01b", "bob%0A", "bob%0D%0A", "%09", "%E2%80%AE", "%E2%80%A8", "%C3%BC%C3%B1%C3%AF",
        "%F0%9F%98%80", "%FF", "%C0%AF", "%25", "%2525", "a%20b", "-", "A", "a;b", "a%3Fb", "a%23b", "..%2F..%2Fv1%2Ftenants", new string('a', 65),
        new string('a', 10_000), "0000000000000000000" + "0123456789abcdef0123456789abcdef", "9999999999999999999" + new string('f', 32), "%7B%7D", "null",
    ];

    public static readonly string[] QueryValues =
    [
        "", "abc", "-1", "0", "201", "99999999999999999999", "1.5", "%00", "%0D%0A", "%E2%80%AE", "%F0%9F%98%80", "%FF", new string('A', 10_000),
        "inbox", "sent", "spam", "html", "HTML", "AAAA", "====", "%2F%2E%2E",
    ];

    /// <summary>JSON values to put into a field in place of what it should hold.</summary>
    public static readonly string[] Values =
    [
        "null", "true", "0", "-1", "4294967295", "4294967296", "9223372036854775808", "1e308", "-1e308", "0.5", "\"\"", "\"x\"", "[]", "{}", "[null]", "[{}]",
        "\"\\u0000\\r\\n\"", "\"\\ud800\"", "\"\\u202e\\u2028\"", "\"😀\"", "\"" + new string('x', 70_000) + "\"", "[" + string.Join(',', Enumerable.Repeat("\"a\"", 2_000)) + "]",
        "{\"nested\":{\"deeper\":[1,2,3]}}", "\"2026-13-45T99:99:99Z\"",
    ];

    /// <summary>Whole bodies that are not a usable JSON object, with their media type.</summary>
    public static IEnumerable<(byte[] Body, string? MediaType)> BrokenBodies()
    {
        yield return ([], "application/json");
        yield return ("null"u8.ToArray(), "application/json");
        yield return ("[]"u8.ToArray(), "application/json");
        yield return ("\"text\""u8.ToArray(), "application/json");
        yield return ("1e999"u8.ToArray(), "application/json");
        yield return ("{"u8.ToArray(), "application/json");
        yield return ("{\"a\":1,\"a\":2}"u8.ToArray(), "application/json");
        yield return ([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], "application/json");
        yield return ([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}'], "application/json");
        yield return (Encoding.UTF8.GetBytes(new string('[', 100_000)), "application/json");
        yield return (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000))), "application/json");
        yield return (Encoding.UTF8.GetBytes("{\"x\":\"" + new string('x', 300_000) + "\"}"), "application/json");
        yield return ("{}"u8.ToArray(), "text/plain");
        yield return ("<a/>"u8.ToArray(), "application/xml");
        yield return ("{}"u8.ToArray(), "application/json; charset=iso-8859-1");
        yield return ("{}"u8.ToArray(), null);
        yield return ("{}"u8.ToArray(), "multipart/form-data; boundary=x");
    }

    /// <summary>Up to <paramref name="max"/> copies of <paramref name="document"/>, each with one field (at any depth) replaced by a hostile value or added.</summary>
    public IEnumerable<string> MutatedBodies(JsonObject document, int max)
    {
        var paths = new List<string[]>();
        Collect(document, [], paths);
        var all = new List<string>();
        foreach (var path in paths)
        {
            foreach (var value in Values)
            {
                all.Add(Replace(document, path, value));
            }
        }

        foreach (var value in Values.Take(6))
        {
            all.Add(Replace(document, ["unknownField"], value));
        }

        return all.OrderBy(_ => random.Next()).Take(max);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static void Collect(JsonNode? node, string[] path, List<string[]> paths)
    {
        if (path.Length > 0)
        {
            paths.Add(path);
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    Collect(child, [.. path, name], paths);
                }

                break;
            case JsonArray { Count: > 0 } a:
                Collect(a[0], [.. path, "0"], paths);
                break;
        }
    }

    private static string Replace(JsonObject document, string[] path, string value)
    {
        var copy = document.DeepClone().AsObject();
        JsonNode parent = copy;
        foreach (var step in path[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)]! : parent[step]!;
        }

        // A placeholder swapped for the raw text afterwards: some values (a lone surrogate) cannot pass through a JsonNode.
        var replacement = JsonValue.Create(Placeholder);
        if (parent is JsonArray list)
        {
            list[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        }
        else
        {
            parent[path[^1]] = replacement;
        }

        return copy.ToJsonString().Replace($"\"{Placeholder}\"", value, StringComparison.Ordinal);
    }
}
