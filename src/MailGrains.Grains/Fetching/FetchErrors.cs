using MailGrains.Mail.Errors;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// The tenant-facing sentence and the measurement kind of a failure (<see cref="MailErrors"/>), for the code that
/// still catches MailKit's exceptions itself.
/// </summary>
internal static class FetchErrors
{
    /// <summary>The values of the <c>error.kind</c> tag.</summary>
    public static IReadOnlyList<string> Kinds => MailError.Tags;

    public static string Kind(Exception error) => MailErrors.From(error, "", 0).Tag;

    public static string Describe(Exception error, string host, int port) => MailErrors.From(error, host, port).Sentence;
}
