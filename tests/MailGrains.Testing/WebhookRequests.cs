using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace MailGrains.Testing;

/// <summary>How a <see cref="WebhookReceiver"/> reads a request (at most 1 MiB of body) and records it, verified with the <c>StandardWebhooks</c> package.</summary>
internal static class WebhookRequests
{
    private const int MaxRequestBytes = 1024 * 1024;

    public static ReceivedWebhook Describe(HttpRequest request, byte[] body, IReadOnlyList<string> secrets, int repliedStatus, DateTimeOffset arrived)
    {
        var (verified, error) = Verify(request, body, secrets);
        var json = TryParse(body);
        var type = json is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new ReceivedWebhook(
            Header(request, "webhook-id"),
            Header(request, "webhook-timestamp"),
            Header(request, "webhook-signature"),
            type,
            json,
            body,
            verified,
            error,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.Path.Value ?? "",
            repliedStatus,
            arrived);
    }

    private static (bool Verified, string? Error) Verify(HttpRequest request, byte[] body, IReadOnlyList<string> secrets)
    {
        string? error = "The receiver has no secret.";
        foreach (var secret in secrets)
        {
            try
            {
                new StandardWebhook(secret).Verify(Encoding.UTF8.GetString(body), request.Headers);
                return (true, null);
            }
            catch (WebhookVerificationException ex)
            {
                error = ex.Message;
            }
        }

        return (false, error);
    }

    private static string? Header(HttpRequest request, string name) => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while (body.Length < MaxRequestBytes && (read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static JsonElement? TryParse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
