namespace MailGrains.Grains.Sending;

/// <summary>Bounds the texts an outbox entry carries (servers' answers, reasons), so an entry's size is known.</summary>
internal static class OutboxText
{
    public const int MaxLength = 1000;

    public static string? Clip(string? text) => text is { Length: > MaxLength } ? text[..(MaxLength - 1)] + "…" : text;
}
