using Microsoft.AspNetCore.Authentication;
using MailGrains.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailGrains.Gateway.Auth;

internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddValidatedOptions<ApiKeyOptions>(ApiKeyOptions.SectionName);
        services.AddSingleton<KnownTenants>();
        services.AddSingleton<VerifiedKeys>();
        services.TryAddSingleton(TimeProvider.System);

        // No default scheme: health checks, the admin page's files, the API description and unknown paths never
        // look at a key; only the policies below (every /v1 route) authenticate, with this scheme.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", isEnabled: true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Operator, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Operator))
            .AddPolicy(Roles.TenantAdmin, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.TenantAdmin));
        return services;
    }
}
