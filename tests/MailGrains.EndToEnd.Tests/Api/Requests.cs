using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MailGrains.EndToEnd.Tests.Api;

/// <summary>
/// What the HTTP tests share: sending JSON, reading answers, asserting problem details and that a refused
/// request saved nothing.
/// </summary>
public static class Requests
{
    public const string Json = "application/json";
    public const string MergePatch = "application/merge-patch+json";
    public const string ProblemJson = "application/problem+json";

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string url, string body, string mediaType = Json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        return await http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutAccountAsync(this TestTenant tenant, string accountId, JsonNode document)
        => tenant.Admin.SendAsync(HttpMethod.Put, $"/v1/accounts/{accountId}", document.ToJsonString());

    public static Task<HttpResponseMessage> PatchAccountAsync(this TestTenant tenant, string accountId, string patch, string mediaType = MergePatch)
        => tenant.Admin.SendAsync(HttpMethod.Patch, $"/v1/accounts/{accountId}", patch, mediaType);

    /// <summary>PUTs a new account and returns the answer, asserting 201.</summary>
    public static async Task<JsonObject> CreateAccountAsync(this TestTenant tenant, string accountId, JsonNode document)
        => await ReadAsync(await tenant.PutAccountAsync(accountId, document), HttpStatusCode.Created);

    /// <summary>GETs an account, asserting 200.</summary>
    public static async Task<JsonObject> GetAccountAsync(this TestTenant tenant, string accountId)
        => await ReadAsync(await tenant.Admin.GetAsync($"/v1/accounts/{accountId}"), HttpStatusCode.OK);

    public static async Task AssertAccountMissingAsync(this TestTenant tenant, string accountId)
        => await AssertProblemAsync(await tenant.Admin.GetAsync($"/v1/accounts/{accountId}"), HttpStatusCode.NotFound);

    /// <summary>Asserts the account reads exactly as <paramref name="before"/> (same version, same settings).</summary>
    public static async Task AssertAccountUnchangedAsync(this TestTenant tenant, string accountId, JsonObject before)
        => Assert.Equal(before.ToJsonString(), (await tenant.GetAccountAsync(accountId)).ToJsonString());

    /// <summary>
    /// Sends the same refused PUT as a new account and over an existing one (<paramref name="existing"/>):
    /// each answer is problem+json with <paramref name="status"/> naming exactly <paramref name="fields"/>;
    /// the new account does not exist afterwards and the existing one is unchanged.
    /// </summary>
    public static async Task AssertPutRefusedAsync(this TestTenant tenant, JsonNode existing, Func<HttpContent> body, HttpStatusCode status, params string[] fields)
    {
        await tenant.CreateAccountAsync("existing", existing);
        var before = await tenant.GetAccountAsync("existing");

        foreach (var accountId in (string[])["fresh", "existing"])
        {
            using var content = body();
            var response = await tenant.Admin.PutAsync($"/v1/accounts/{accountId}", content);
            await AssertFieldErrorsAsync(response, status, fields);
        }

        await tenant.AssertAccountMissingAsync("fresh");
        await tenant.AssertAccountUnchangedAsync("existing", before);
    }

    public static Task AssertPutRefusedAsync(this TestTenant tenant, JsonNode existing, string body, HttpStatusCode status, params string[] fields)
        => tenant.AssertPutRefusedAsync(existing, () => new StringContent(body, Encoding.UTF8, Json), status, fields);

    /// <summary>Reads a JSON object answer, asserting <paramref name="status"/>.</summary>
    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads a JSON array answer, asserting 200.</summary>
    public static async Task<JsonArray> ReadArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ReadAsync(response, status);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem["status"]?.GetValue<int>());
        return problem;
    }

    /// <summary>Asserts a problem whose <c>errors</c> map names exactly <paramref name="fields"/> (none: no map or an empty one).</summary>
    public static async Task<JsonObject> AssertFieldErrorsAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var problem = await AssertProblemAsync(response, status);
        var named = problem["errors"] is JsonObject errors ? errors.Select(e => e.Key).Order(StringComparer.Ordinal).ToArray() : [];
        Assert.Equal(fields.Order(StringComparer.Ordinal), named);
        return problem;
    }

    /// <summary>A copy of <paramref name="document"/> with <paramref name="overlay"/> laid over it: objects merge, anything else (null too) replaces.</summary>
    public static JsonObject With(this JsonObject document, string overlay) => document.With(JsonNode.Parse(overlay)!.AsObject());

    /// <inheritdoc cref="With(JsonObject, string)"/>
    public static JsonObject With(this JsonObject document, JsonObject overlay)
    {
        var result = document.DeepClone().AsObject();
        Lay(result, overlay);
        return result;
    }

    /// <summary>Asserts that every value in <paramref name="expected"/> is in <paramref name="actual"/>; write-only passwords are skipped.</summary>
    public static void AssertContains(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (expected is JsonObject expectedObject)
        {
            var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
            foreach (var (name, value) in expectedObject.Where(m => m.Key != "password"))
            {
                Assert.True(actualObject.ContainsKey(name), $"{path}.{name} is missing in {actual.ToJsonString()}");
                AssertContains(value, actualObject[name], $"{path}.{name}");
            }

            return;
        }

        Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}");
    }

    /// <summary><paramref name="account"/> as the next write shows it: one version up; the write time is left out.</summary>
    public static JsonObject Written(JsonObject account)
    {
        var written = Unstamped(account);
        written["version"] = account["version"]!.GetValue<long>() + 1;
        return written;
    }

    /// <summary>A copy without <c>updatedAt</c>, which every write changes.</summary>
    public static JsonObject Unstamped(JsonObject account)
    {
        var copy = account.DeepClone().AsObject();
        Assert.True(copy.Remove("updatedAt"));
        return copy;
    }

    private static void Lay(JsonObject target, JsonObject overlay)
    {
        foreach (var (name, value) in overlay)
        {
            if (value is JsonObject inner && target[name] is JsonObject existing)
            {
                Lay(existing, inner);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
