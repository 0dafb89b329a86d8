using System.Collections.Immutable;
using MailGrains.Grains.Secrets;
using MailGrains.Grains.Webhooks;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>
/// A grain of the tests' own, keyed by tenant id, that reads a tenant's webhook targets grain to grain (a client may
/// not: the methods are silo-internal) and decrypts their secrets as delivery will, so a test can see what signs.
/// </summary>
[Alias("MailGrains.Grains.Tests.IWebhookTargetsProbeGrain")]
public interface IWebhookTargetsProbeGrain : IGrainWithStringKey
{
    Task<ImmutableArray<ProbedTarget>> GetTargetsAsync();

    Task DisableAsync(string subscriptionId, string reason);
}

/// <summary>A target with its secrets decrypted, current first.</summary>
[GenerateSerializer, Immutable]
[Alias("MailGrains.Grains.Tests.ProbedTarget")]
public sealed record ProbedTarget(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] long Version,
    [property: Id(4)] ImmutableArray<string> Secrets);

internal sealed class WebhookTargetsProbeGrain(SecretProtector secrets) : Grain, IWebhookTargetsProbeGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public async Task<ImmutableArray<ProbedTarget>> GetTargetsAsync()
        => [.. (await Targets.GetTargetsAsync()).Select(t => new ProbedTarget(
            t.Id, t.Url, t.Enabled, t.Version, [.. t.Secrets.Select(s => secrets.Unprotect(s, WebhookSecretPurpose.For(TenantId, t.Id)))]))];

    public Task DisableAsync(string subscriptionId, string reason) => Targets.DisableAsync(subscriptionId, reason);

    private IWebhookTargets Targets => GrainFactory.GetGrain<IWebhookTargets>(TenantId);
}
