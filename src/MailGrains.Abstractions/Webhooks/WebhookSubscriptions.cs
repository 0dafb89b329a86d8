using System.Collections.Immutable;

namespace MailGrains.Webhooks;

/// <summary>What an admin writes to a subscription. <see cref="ExpectedVersion"/>: only if it is still at that version (If-Match).</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookSubscriptionInput")]
public sealed record WebhookSubscriptionInput(
    [property: Id(0)] string Url,
    [property: Id(1)] ImmutableArray<string> Events,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] int IncludeBodyBytes,
    [property: Id(4)] long? ExpectedVersion = null);

/// <summary>
/// A subscription as the API shows it: never a secret. <see cref="DisabledReason"/> says why delivery disabled it
/// (a 410 answer, days of failures); a write with <see cref="Enabled"/> on clears it.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookSubscriptionView")]
public sealed record WebhookSubscriptionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<string> Events,
    [property: Id(3)] bool Enabled,
    [property: Id(4)] int IncludeBodyBytes,
    [property: Id(5)] string? DisabledReason,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] long Version);

/// <summary>What <see cref="ITenantWebhooksGrain.PutAsync"/> did.</summary>
public enum WebhookPutOutcome
{
    /// <summary>A new subscription: <see cref="WebhookPutResult.Secret"/> holds its signing secret, shown this once.</summary>
    Created,

    Updated,

    /// <summary>A field is wrong (400): <see cref="WebhookPutResult.Errors"/> names each; nothing changed.</summary>
    Invalid,

    /// <summary>The tenant has as many subscriptions as its quota allows (409); nothing changed.</summary>
    QuotaReached,

    /// <summary>The subscription is not at <see cref="WebhookSubscriptionInput.ExpectedVersion"/>, or does not exist (412); nothing changed.</summary>
    VersionConflict,
}

/// <summary>The outcome of a write; <see cref="View"/> after a write, <see cref="Secret"/> (<c>whsec_…</c>) only on creation.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookPutResult")]
public sealed record WebhookPutResult(
    [property: Id(0)] WebhookPutOutcome Outcome,
    [property: Id(1)] WebhookSubscriptionView? View,
    [property: Id(2)] string? Secret,
    [property: Id(3)] ImmutableDictionary<string, string[]> Errors)
{
    public static WebhookPutResult Failed(WebhookPutOutcome outcome, ImmutableDictionary<string, string[]> errors) => new(outcome, null, null, errors);

    /// <summary>Never the secret itself, so that a logged record leaks nothing.</summary>
    public override string ToString() => $"WebhookPutResult {{ Outcome = {Outcome}, View = {View} }}";
}

/// <summary>A new signing secret (<c>whsec_…</c>, shown this once); the previous one is valid until <see cref="PreviousValidUntil"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.WebhookSecretRotation")]
public sealed record WebhookSecretRotation(
    [property: Id(0)] string Secret,
    [property: Id(1)] DateTimeOffset PreviousValidUntil,
    [property: Id(2)] long Version)
{
    /// <summary>Never the secret itself, so that a logged record leaks nothing.</summary>
    public override string ToString() => $"WebhookSecretRotation {{ PreviousValidUntil = {PreviousValidUntil:O}, Version = {Version} }}";
}

/// <summary>The bounds of a subscription, the same in the gateway and the silo.</summary>
public static class WebhookLimits
{
    /// <summary>The longest URL, in characters.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The most of an activity's text body an event may carry (<c>includeBodyBytes</c>; 0 = none).</summary>
    public const int MaxIncludeBodyBytes = 65_536;

    /// <summary>How long a replaced signing secret still signs, so receivers can switch over.</summary>
    public static readonly TimeSpan RotationGrace = TimeSpan.FromHours(24);
}
