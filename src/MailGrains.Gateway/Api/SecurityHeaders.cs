namespace MailGrains.Gateway.Api;

/// <summary>
/// Every answer carries <c>X-Content-Type-Options: nosniff</c>, and <c>Cache-Control: no-store</c> unless it set
/// its own (the admin page's files): API answers hold tenants' data and must not stay in a shared or browser cache.
/// </summary>
internal static class SecurityHeaders
{
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
