namespace MailGrains.Grains.Webhooks;

/// <summary>The operator's webhook settings (<c>MailGrains:Webhooks</c>), read by the silo and the gateway.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "MailGrains:Webhooks";

    /// <summary>Allow <c>http://</c> webhook URLs (events and their signatures then travel in plain text). Off by default: https only.</summary>
    public bool AllowPlainHttp { get; set; }
}
