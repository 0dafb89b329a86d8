using Microsoft.Extensions.FileProviders;

namespace MailGrains.Gateway.Admin;

/// <summary>
/// The tenant admins' web page at <c>/admin</c>: static files embedded in this assembly that call the same HTTP API
/// as any client (the key stays in the browser's session storage). Served with a strict content security policy:
/// only the gateway's own scripts run, nothing is loaded from elsewhere, and a mail's HTML is shown in a sandboxed
/// frame that inherits the policy, so no remote image or script of a mail is ever fetched or run.
/// </summary>
internal static class AdminPage
{
    public const string Path = "/admin";

    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication UseAdminPage(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(AdminPage).Assembly, "Admin/Page");
        // Relative links in the page need the trailing slash.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path)
            {
                context.Response.Redirect(Path + "/");
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
