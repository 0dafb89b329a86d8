namespace MailGrains.Grains.Activities;

/// <summary>Where activities live: one table (index and small raw messages) and one blob container (large raw messages).</summary>
public sealed class ActivityStoreOptions
{
    public string TableName { get; set; } = "mailgrainsactivities";

    public string RawContainerName { get; set; } = "mailgrains-raw";

    /// <summary>Raw messages up to this size are stored inline in the activity's row, in the same batch transaction.</summary>
    public int InlineRawLimit { get; set; } = 256 * 1024;
}
