using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailGrains.Grains.Webhooks.Events;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>
/// The JSON body of a delivery, as the Standard Webhooks spec suggests: <c>{"type", "timestamp", "data"}</c>, the
/// timestamp being when the change happened. A subscription with <c>includeBodyBytes</c> gets the mail's text body in
/// <c>data.text</c>, cut to that many UTF-8 bytes, and <c>data.textTruncated</c>.
/// </summary>
internal static class WebhookEnvelope
{
    public static byte[] Body(WebhookEvent e, int includeBodyBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(e.Data.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", e.Type);
            writer.WriteString("timestamp", e.OccurredAt.UtcDateTime);
            writer.WritePropertyName("data");
            if (includeBodyBytes > 0 && e.Text is { } text && JsonNode.Parse(e.Data) is JsonObject data)
            {
                var cut = EventColumns.Cut(text, includeBodyBytes) ?? "";
                data["text"] = cut;
                data["textTruncated"] = e.TextCut || cut.Length < text.Length;
                data.WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue(e.Data, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
