using MailGrains.Grains.Activities;
using MailGrains.Grains.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailGrains.Grains;

/// <summary>Services the grains need in a silo.</summary>
public static class GrainServiceCollectionExtensions
{
    public static IServiceCollection AddMailGrainsGrainServices(this IServiceCollection services)
    {
        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ActivityStore>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
