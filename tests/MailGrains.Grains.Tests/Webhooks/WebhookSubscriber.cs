using MailGrains.Testing;
using MailGrains.Webhooks;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>A tenant's subscription to a real <see cref="WebhookReceiver"/> that verifies with the subscription's secret.</summary>
internal sealed class WebhookSubscriber : IAsyncDisposable
{
    private WebhookSubscriber(WebhookReceiver receiver, ITenantWebhooksGrain webhooks, string id, string secret)
    {
        Receiver = receiver;
        Webhooks = webhooks;
        Id = id;
        Secret = secret;
    }

    public WebhookReceiver Receiver { get; }

    public ITenantWebhooksGrain Webhooks { get; }

    public string Id { get; }

    public string Secret { get; }

    public static async Task<WebhookSubscriber> SubscribeAsync(IGrainFactory grains, string tenantId, string[] events, int includeBodyBytes = 0, string id = "crm")
    {
        var receiver = await WebhookReceiver.StartAsync();
        var webhooks = grains.GetGrain<ITenantWebhooksGrain>(tenantId);
        var put = await webhooks.PutAsync(id, new WebhookSubscriptionInput(receiver.Url.ToString(), [.. events], true, includeBodyBytes));
        Assert.True(put.Outcome == WebhookPutOutcome.Created, $"the subscription was not created: {put.Outcome} {string.Join("; ", put.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        receiver.Trust(put.Secret!);
        return new WebhookSubscriber(receiver, webhooks, id, put.Secret!);
    }

    /// <summary>Waits until <paramref name="count"/> verified events of <paramref name="type"/> have arrived; those, in order of arrival.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string type, int count, TimeSpan timeout)
    {
        var all = await Receiver.WaitUntilAsync(r => r.Count(w => w.Type == type && w.Verified) >= count, timeout);
        return [.. all.Where(w => w.Type == type && w.Verified)];
    }

    public ValueTask DisposeAsync() => Receiver.DisposeAsync();
}
