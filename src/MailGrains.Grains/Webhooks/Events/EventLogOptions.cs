namespace MailGrains.Grains.Webhooks.Events;

/// <summary>Where the tenants' event logs live.</summary>
public sealed class EventLogOptions
{
    public string TableName { get; set; } = "mailgrainsevents";
}
