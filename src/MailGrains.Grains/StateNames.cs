namespace MailGrains.Grains;

/// <summary>Names of the grains' persistent states. Never change one: stored state is found by it.</summary>
internal static class StateNames
{
    public const string Tenant = "tenant";
    public const string TenantRegistry = "tenants";
    public const string User = "user";
    public const string MailAccount = "account";
    public const string MailAccountOAuth2 = "account-oauth2";
    public const string Outbox = "outbox";
    public const string TenantWebhooks = "webhooks";
}
