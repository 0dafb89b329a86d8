using MailGrains.EndToEnd.Tests.Api;
using MailGrains.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.EndToEnd.Tests.Webhooks;

/// <summary>
/// The API on a silo whose tenants may hold <see cref="Quota"/> webhooks and that counts the calls that reach a webhook
/// delivery grain (a test-only grain call filter; nothing else changes), so a test can show that a route answered
/// without asking delivery.
/// </summary>
public sealed class WebhookFixture : ApiFixture
{
    public DeliveryCalls Deliveries { get; } = new();

    /// <summary>The most webhooks a tenant may hold here.</summary>
    public const int Quota = 3;

    protected override IDictionary<string, string?>? SiloSettings => new Dictionary<string, string?> { ["MailGrains:Quotas:WebhooksPerTenant"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    protected override void AddSiloServices(IServiceCollection services) => services.AddSingleton<IIncomingGrainCallFilter>(Deliveries);

    public sealed class DeliveryCalls : IIncomingGrainCallFilter
    {
        private int _count;

        /// <summary>Calls to <see cref="IWebhookDeliveryGrain"/> so far, of any tenant.</summary>
        public int Count => Volatile.Read(ref _count);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.DeclaringType == typeof(IWebhookDeliveryGrain))
            {
                Interlocked.Increment(ref _count);
            }

            return context.Invoke();
        }
    }
}

/// <summary>Webhook requests of the tests.</summary>
public static class WebhookRequests
{
    public static System.Text.Json.Nodes.JsonObject Document(string url = "https://crm.example.com/hooks/mail", params string[] events) => new()
    {
        ["url"] = url,
        ["events"] = new System.Text.Json.Nodes.JsonArray([.. (events.Length == 0 ? [WebhookEventTypes.ActivityCreated] : events).Select(e => (System.Text.Json.Nodes.JsonNode?)e)]),
        ["enabled"] = true,
        ["includeBodyBytes"] = 0,
    };

    public static Task<HttpResponseMessage> PutWebhookAsync(this TestTenant tenant, string webhookId, System.Text.Json.Nodes.JsonNode document, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/webhooks/{webhookId}")
        {
            Content = new StringContent(document.ToJsonString(), System.Text.Encoding.UTF8, Requests.Json),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return tenant.Admin.SendAsync(request);
    }
}
