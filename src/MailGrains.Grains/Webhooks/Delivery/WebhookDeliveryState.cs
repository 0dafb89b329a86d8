using MailGrains.Webhooks;

namespace MailGrains.Grains.Webhooks.Delivery;

/// <summary>
/// Where a subscription's delivery stands: every event up to <see cref="Cursor"/> is done (delivered, or not wanted),
/// and so is each number in <see cref="DoneAbove"/> (delivered out of order, other accounts' events went on while one
/// account's waited). A failing delivery waits until <see cref="NextAttemptAt"/>.
/// </summary>
[GenerateSerializer]
[Alias("MailGrains.WebhookDeliveryState")]
internal sealed class WebhookDeliveryState
{
    [Id(0)] public long Cursor { get; set; }

    [Id(1)] public HashSet<long> DoneAbove { get; set; } = [];

    [Id(2)] public int FailedRounds { get; set; }

    [Id(3)] public DateTimeOffset? FailingSince { get; set; }

    [Id(4)] public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(5)] public string? LastError { get; set; }

    /// <summary>The most recent attempts, newest first, at most <see cref="WebhookDeliveryLimits.KeptAttempts"/>.</summary>
    [Id(6)] public List<WebhookAttemptRecord> Attempts { get; set; } = [];

    /// <summary>How often each event not yet delivered was tried.</summary>
    [Id(7)] public Dictionary<string, int> Tries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The subscription's version the failure count belongs to: a changed (e.g. re-enabled) subscription starts afresh.</summary>
    [Id(8)] public long TargetVersion { get; set; }

    /// <summary>Whether the cursor was placed at the subscription's creation (a new subscription gets no earlier events).</summary>
    [Id(9)] public bool Started { get; set; }

    public void Record(IEnumerable<WebhookAttemptRecord> attempts)
    {
        Attempts.InsertRange(0, attempts.OrderByDescending(a => a.At));
        if (Attempts.Count > WebhookDeliveryLimits.KeptAttempts)
        {
            Attempts.RemoveRange(WebhookDeliveryLimits.KeptAttempts, Attempts.Count - WebhookDeliveryLimits.KeptAttempts);
        }
    }

    /// <summary>Marks events done and moves the cursor over every done number that follows it.</summary>
    public void Done(IEnumerable<long> sequences)
    {
        DoneAbove.UnionWith(sequences.Where(s => s > Cursor));
        while (DoneAbove.Remove(Cursor + 1))
        {
            Cursor++;
        }
    }

    public void Succeeded()
    {
        FailedRounds = 0;
        FailingSince = null;
        NextAttemptAt = null;
        LastError = null;
    }
}
