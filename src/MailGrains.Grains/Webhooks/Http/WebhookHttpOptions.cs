using System.ComponentModel.DataAnnotations;

namespace MailGrains.Grains.Webhooks.Http;

/// <summary>How the silo posts webhook events (<c>MailGrains:Webhooks</c>).</summary>
public sealed class WebhookHttpOptions
{
    public const string SectionName = "MailGrains:Webhooks";

    /// <summary>One post, from dialling to the answer's headers, may take this long (seconds); past it the attempt counts as a timeout and is retried later.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;
}
