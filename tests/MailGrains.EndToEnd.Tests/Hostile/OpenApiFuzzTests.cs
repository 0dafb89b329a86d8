using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests.Hostile;

/// <summary>
/// Every route and method of the OpenAPI document, sent hostile path segments, query values and bodies with the
/// right key, the wrong key and none: the gateway never answers 5xx, and every 4xx is problem+json (or what the
/// document names for that answer: the OAuth2 callback's HTML page). Bounded and
/// deterministic (fixed seed).
/// </summary>
public sealed class OpenApiFuzzTests(OpenApiFuzzTests.GenerousLimitsFixture api) : IClassFixture<OpenApiFuzzTests.GenerousLimitsFixture>
{
    private const int Seed = 11;
    private const int MutatedBodiesPerOperation = 120;
    private const int PathVariantsPerOperation = 60;
    private const int QueryVariantsPerOperation = 30;

    [Fact]
    public async Task NoHostileRequestOnAnyRouteGetsAServerErrorAndEveryRefusalIsProblemJson()
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        using var op = api.Operator();
        using var anonymous = api.Client();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var fuzzer = new RequestFuzzer(new Random(Seed));
        var failures = new List<string>();
        var sent = 0;
        var clock = Stopwatch.StartNew();

        foreach (var (template, methods) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in methods!.AsObject())
            {
                var forOperator = template.StartsWith("/v1/tenants", StringComparison.Ordinal) || template.StartsWith("/v1/cluster", StringComparison.Ordinal);
                var right = forOperator ? op : tenant.Admin;
                var wrong = forOperator ? tenant.Admin : op;
                var valid = Fill(template, tenant.TenantId);
                var query = (operation!["parameters"] as JsonArray ?? []).Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToArray();
                var body = BaseBody(operation);

                async Task SendAsync(HttpClient http, string url, Func<HttpContent?> content)
                {
                    sent++;
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = content() };
                    using var response = await http.SendAsync(request);
                    var status = (int)response.StatusCode;
                    var mediaType = response.Content.Headers.ContentType?.MediaType;
                    if (status >= 500 || (status >= 400 && mediaType != Requests.ProblemJson && !Documented(operation!, status, mediaType)))
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        failures.Add($"{method.ToUpperInvariant()} {Shorten(url)} -> {status} {mediaType}: {Shorten(text)}");
                    }
                }

                HttpContent? Json(string text) => body is null ? null : new StringContent(text, System.Text.Encoding.UTF8, "application/json");
                var validBody = body?.ToJsonString() ?? "{}";

                foreach (var http in new[] { right, wrong, anonymous })
                {
                    await SendAsync(http, valid, () => Json(validBody));
                }

                using (var garbage = api.Client("mgk_" + new string('_', 50)))
                {
                    await SendAsync(garbage, valid, () => Json(validBody));
                }

                foreach (var path in PathVariants(template, tenant.TenantId, fuzzer).Take(PathVariantsPerOperation))
                {
                    await SendAsync(right, path, () => Json(validBody));
                }

                foreach (var name in query.Append("unknown"))
                {
                    for (var i = 0; i < QueryVariantsPerOperation; i++)
                    {
                        await SendAsync(right, $"{valid}?{name}={fuzzer.Pick(RequestFuzzer.QueryValues)}", () => Json(validBody));
                    }
                }

                if (body is not null)
                {
                    foreach (var (bytes, mediaType) in RequestFuzzer.BrokenBodies())
                    {
                        await SendAsync(right, valid, () => Raw(bytes, mediaType));
                    }

                    foreach (var mutated in fuzzer.MutatedBodies(body, MutatedBodiesPerOperation))
                    {
                        await SendAsync(right, valid, () => Json(mutated));
                    }
                }
            }
        }

        Assert.True(sent is > 1_000 and < 5_000, $"{sent} requests");
        var errors = api.Logs.Lines.Where(l => l.StartsWith("Error Microsoft.AspNetCore", StringComparison.Ordinal)).Select(l => Shorten(l, 1_500)).Distinct().Take(5);
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed in {clock.Elapsed}:\n" + string.Join('\n', failures.Take(40)) + "\n" + string.Join('\n', errors));
    }

    /// <summary>
    /// Whether the operation documents this answer with this media type: the OAuth2 callback, which a browser follows,
    /// refuses with a small HTML page (<c>text/html</c>), as its entry in the document says.
    /// </summary>
    private static bool Documented(JsonNode operation, int status, string? mediaType)
        => mediaType is not null && operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?[mediaType] is not null;

    /// <summary>The template with existing ids: the test tenant, user anna, account sales, folder INBOX; the webhook hook exists once a PUT made it.</summary>
    private static string Fill(string template, string tenantId) => template
        .Replace("{tenantId}", tenantId, StringComparison.Ordinal)
        .Replace("{userId}", "anna", StringComparison.Ordinal)
        .Replace("{accountId}", "sales", StringComparison.Ordinal)
        .Replace("{keyId}", "000000000000", StringComparison.Ordinal)
        .Replace("{folder}", "INBOX", StringComparison.Ordinal)
        .Replace("{webhookId}", "hook", StringComparison.Ordinal)
        .Replace("{activityId}", "0000000000000000000" + "0123456789abcdef0123456789abcdef", StringComparison.Ordinal);

    /// <summary>The template with one parameter at a time replaced by a hostile segment, the others valid.</summary>
    private static IEnumerable<string> PathVariants(string template, string tenantId, RequestFuzzer fuzzer)
    {
        var parameters = template.Split('/').Where(s => s.StartsWith('{')).ToArray();
        if (parameters.Length == 0)
        {
            foreach (var segment in RequestFuzzer.Segments)
            {
                yield return template + "/" + segment;
            }

            yield break;
        }

        foreach (var segment in RequestFuzzer.Segments)
        {
            var parameter = fuzzer.Pick(parameters);
            yield return Fill(template.Replace(parameter, segment, StringComparison.Ordinal), tenantId);
        }

        yield return Fill(template, tenantId) + "/..";
        yield return Fill(template, tenantId) + "%2F..%2F..";
        yield return Fill(template, tenantId) + "/";
        yield return Fill(template, tenantId).Replace("/v1/", "/v1//", StringComparison.Ordinal);
    }

    /// <summary>A well-formed body for the operations that take one, to be varied; null when the operation takes none.</summary>
    private static JsonObject? BaseBody(JsonNode? operation)
    {
        if (operation?["requestBody"]?["content"] is not JsonObject content)
        {
            return null;
        }

        var schema = (string?)content.First().Value?["schema"]?["$ref"] ?? "";
        var name = schema[(schema.LastIndexOf('/') + 1)..];
        return name switch
        {
            "AccountDocument" => AccountDocuments.CompleteImap("anna"),
            "UserDocument" => new JsonObject { ["displayName"] = "Fuzz", ["email"] = "fuzz@example.test", ["tag"] = "FZ", ["isAdmin"] = false, ["signature"] = new JsonObject { ["text"] = "t", ["html"] = "<b>h</b>" } },
            "TenantDocument" => new JsonObject { ["name"] = "Fuzzed tenant" },
            "CursorMoveRequest" => new JsonObject { ["lastUid"] = 0 },
            "WebhookDocument" => new JsonObject { ["url"] = "https://hooks.example.test/in", ["events"] = new JsonArray("activity.created"), ["enabled"] = true, ["includeBodyBytes"] = 0 },
            "WebhookReplayRequest" => new JsonObject { ["since"] = DateTimeOffset.UtcNow.AddHours(-1) },
            // An unknown sender: the outbox refuses it, so nothing is ever queued for sending.
            "SendRequest" => new JsonObject { ["senderUserId"] = "nobody", ["to"] = new JsonArray("x@example.test"), ["subject"] = "s", ["text"] = "t", ["html"] = "<p>h</p>" },
            _ => [],
        };
    }

    private static ByteArrayContent Raw(byte[] bytes, string? mediaType)
    {
        var content = new ByteArrayContent(bytes);
        if (mediaType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        return content;
    }

    private static string Shorten(string text, int length = 300) => text.Length <= length ? text : text[..length] + "…";

    /// <summary>A gateway whose rate limits the fuzzer never reaches (the limits have their own tests).</summary>
    public sealed class GenerousLimitsFixture() : ApiFixture(onRealPort: false, new Dictionary<string, string?>
    {
        ["MailGrains:RateLimits:PerKeyPerSecond"] = "100000",
        ["MailGrains:RateLimits:PerKeyBurst"] = "100000",
        ["MailGrains:RateLimits:PerAddressPerSecond"] = "100000",
        ["MailGrains:RateLimits:PerAddressBurst"] = "100000",
    });
}
