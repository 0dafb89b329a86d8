using System.Security.Claims;
using MailGrains.Accounts;
using MailGrains.Gateway.Auth;
using MailGrains.Sending;
using MailGrains.Tenants;
using MailGrains.Users;
using MailGrains.Webhooks;

namespace MailGrains.Gateway.Api;

/// <summary>
/// The caller's tenant and its grains, bound as one <c>[AsParameters]</c> argument of every tenant admin route.
/// The tenant comes only from the key, and every grain key is scoped to it: another tenant's ids do not exist.
/// </summary>
internal readonly record struct TenantScope(ClaimsPrincipal Caller, IClusterClient Cluster)
{
    public string TenantId => Caller.TenantId();

    public ITenantGrain Tenant => Cluster.GetGrain<ITenantGrain>(TenantId);

    public IAccountWriterGrain AccountWriter => Cluster.GetGrain<IAccountWriterGrain>(TenantId);

    public IMailAccountGrain Account(string accountId) => Grain<IMailAccountGrain>(accountId);

    /// <summary>Where on-demand work on an account's servers runs (connection test, folder list).</summary>
    public IAccountServerGrain AccountServers(string accountId) => Grain<IAccountServerGrain>(accountId);

    public IUserGrain User(string userId) => Grain<IUserGrain>(userId);

    public IOutboxGrain Outbox(string accountId) => Grain<IOutboxGrain>(accountId);

    public ITenantWebhooksGrain Webhooks => Cluster.GetGrain<ITenantWebhooksGrain>(TenantId);

    public IWebhookDeliveryGrain WebhookDelivery(string webhookId) => Grain<IWebhookDeliveryGrain>(webhookId);

    private T Grain<T>(string id)
        where T : IGrainWithStringKey => Cluster.GetGrain<T>(GrainKeys.Scoped(TenantId, id));
}
