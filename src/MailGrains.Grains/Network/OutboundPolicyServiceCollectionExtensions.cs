using MailGrains.Grains.Webhooks;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Network;

/// <summary>The operator's outbound policy, bound from configuration: used by the silo to dial and by the gateway to refuse what would never be dialled.</summary>
public static class OutboundPolicyServiceCollectionExtensions
{
    /// <summary><see cref="NetworkPolicyOptions"/> (<c>MailGrains:Network</c>, refused at start when an entry is malformed) and <see cref="MailTransportOptions"/> (<c>MailGrains:Mail</c>), the <see cref="NetworkPolicy"/>, the <see cref="OutboundDialer"/>, and <see cref="WebhookOptions"/> (<c>MailGrains:Webhooks</c>) with the <see cref="WebhookUrlRules"/> that apply the policy to webhook URLs.</summary>
    public static IServiceCollection AddMailGrainsOutboundPolicy(this IServiceCollection services)
    {
        services.AddOptions<NetworkPolicyOptions>().BindConfiguration(NetworkPolicyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailTransportOptions>().BindConfiguration(MailTransportOptions.SectionName);
        services.TryAddSingleton(sp => new NetworkPolicy(sp.GetRequiredService<IOptions<NetworkPolicyOptions>>().Value));
        services.TryAddSingleton<OutboundDialer>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName);
        services.TryAddSingleton<WebhookUrlRules>();
        return services;
    }

    /// <summary>Adds ports that no outbound connection may use (a process's own listening ports), on top of the configured ones.</summary>
    public static IServiceCollection DenyOutboundPorts<TDependency>(this IServiceCollection services, Func<TDependency, IEnumerable<int>> ports)
        where TDependency : class
    {
        services.AddOptions<NetworkPolicyOptions>().PostConfigure<TDependency>((o, dependency) => o.DeniedPorts.AddRange(ports(dependency)));
        return services;
    }
}
