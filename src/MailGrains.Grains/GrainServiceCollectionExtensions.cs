using MailGrains.Grains.Accounts.Push;
using MailGrains.Grains.Activities;
using MailGrains.Grains.Failover;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Network;
using MailGrains.Grains.OAuth2;
using MailGrains.Grains.Secrets;
using MailGrains.Grains.Perimeter;
using MailGrains.Grains.Sending;
using MailGrains.Grains.Telemetry;
using MailGrains.Grains.Webhooks.Http;
using MailGrains.Grains.Tenants;
using MailGrains.Grains.Webhooks;
using MailGrains.Grains.Webhooks.Delivery;
using MailGrains.Grains.Webhooks.Events;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Imap;
using MailGrains.Mail.Network;
using MailGrains.Mail.Pop3;
using MailGrains.Mail.Probes;
using MailGrains.Mail.Sending;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailGrains.Grains;

/// <summary>Services the grains need in a silo.</summary>
public static class GrainServiceCollectionExtensions
{
    public static IServiceCollection AddMailGrainsGrainServices(this IServiceCollection services)
    {
        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<MailGrainsMetrics>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<IIncomingGrainCallFilter, SiloInternalCallFilter>();
        services.AddOptions<OperatorKeyOptions>().BindConfiguration(OperatorKeyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IIncomingGrainCallFilter, OperatorOnlyCallFilter>();
        services.AddSingleton<WebhookInterest>();
        services.AddSingleton<ActivityEventRelay>();
        services.AddSingleton<IActivityEventOutbox, ActivityEventOutbox>();
        services.AddSingleton<EventLogTable>();
        services.AddSingleton<WebhookEventsPurge>();
        services.AddSingleton<WebhookDeliveryRound>();
        services.AddSingleton<ActivityStore>();
        services.AddSingleton<ActivityEraser>();
        services.AddOptions<TenantQuotaOptions>().BindConfiguration(TenantQuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccountReferenceTable>();
        services.AddSingleton<TenantPurgeSteps>();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddMailGrainsOutboundPolicy();
        services.AddMailGrainsWebhookHttp();
        services.AddMailGrainsOAuth2();
        services.AddSingleton(sp => new MailConnector(
            CertificatePolicy.FromFiles(sp.GetRequiredService<IOptions<MailOptions>>().Value.TrustedCertificateFiles),
            sp.GetRequiredService<OutboundDialer>(),
            sp.GetRequiredService<IOptions<MailTransportOptions>>().Value));
        services.AddSingleton<MailSessions>();
        services.AddSingleton<ImapFetchCycle>();
        services.AddSingleton(sp => new ImapSessionKeeper(sp.GetRequiredService<MailConnector>(), () => sp.GetRequiredService<IOptions<MailOptions>>().Value.MaxKeptImapSessions));
        services.AddSingleton<Pop3MailboxReader>();
        services.AddSingleton<OldMailRemoval>();
        services.AddSingleton<FetchThrottle>();
        services.AddSingleton<Pop3FetchCycle>();
        services.AddSingleton<IServerProbe, ServerProbe>();
        services.AddSingleton<ISpamMover, SpamMover>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<AccountFetch>();
        services.AddSingleton<PushSessions>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PushSessions>());
        services.AddSingleton<MissedPollRecovery>();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<IMailSender, SmtpSender>();
        services.AddSingleton<ISentFolderAppender, SentFolderAppender>();
        services.AddSingleton<DeliveryAttempts>();
        services.AddSingleton<SentFolderCopy>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MissedPollRecovery>());
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        return services;
    }
}
