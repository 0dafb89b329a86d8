using MailGrains.Accounts;

namespace MailGrains.Sending;

/// <summary>What the outbox needs from its account: the settings and the passwords (outgoing to send, incoming to append the sent copy); cluster-internal, never shown or logged.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.SendingSettings")]
public sealed record SendingSettings(
    [property: Id(0)] AccountSettings Settings,
    [property: Id(1)] string? OutgoingPassword,
    [property: Id(2)] string? IncomingPassword = null)
{
    public override string ToString() => $"SendingSettings {{ Host = {Settings.Server.Outgoing.Host}, HasPassword = {OutgoingPassword is not null} }}";
}
