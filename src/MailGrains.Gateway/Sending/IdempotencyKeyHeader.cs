namespace MailGrains.Gateway.Sending;

/// <summary>
/// The optional <c>Idempotency-Key</c> request header of a send: 1 to <see cref="MaxLength"/> printable ASCII
/// characters (space to tilde), given once. The same key with the same request, for the same tenant and account
/// within the key's retention, answers with the first request's activity; with a different request, 422.
/// </summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;
    public const string Rule = "Must be given once, 1 to 255 printable ASCII characters.";
    public const string Reused = "Already used for a different request; use a new key for a new mail.";

    /// <summary>The key (null without the header); false when it is malformed.</summary>
    public static bool TryRead(string[]? values, out string? key)
    {
        key = values is [var single] ? single : null;
        return values is null or []
            || (key is { Length: > 0 and <= MaxLength } && !key.Any(c => c is < ' ' or > '~'));
    }
}
