using MailGrains.EndToEnd.Tests.Api;
using Microsoft.Playwright;

namespace MailGrains.EndToEnd.Tests.Admin;

/// <summary>
/// The gateway on a real loopback port with a real silo, and Debian's Chromium driven headless by Playwright
/// (<c>MAILGRAINS_CHROMIUM</c>, default <c>/usr/bin/chromium</c>; Playwright's own browser download is not used).
/// Each test gets a fresh browser context, so nothing (session storage included) leaks between tests.
/// </summary>
public class BrowserFixture : ApiFixture
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the tests' screenshots go: <c>MAILGRAINS_TEST_ARTIFACTS</c>, else <c>admin-screenshots</c> beside the test assembly.</summary>
    public static string ArtifactsFolder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("MAILGRAINS_TEST_ARTIFACTS") is { Length: > 0 } folder ? folder : AppContext.BaseDirectory,
        "admin-screenshots");

    public BrowserFixture()
        : this(null)
    {
    }

    /// <param name="gatewaySettings">Settings of the gateway over the defaults (e.g. log levels).</param>
    protected BrowserFixture(IReadOnlyDictionary<string, string?>? gatewaySettings)
        : base(onRealPort: true, gatewaySettings)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MAILGRAINS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            // Root in a container needs --no-sandbox; the rest keeps Chromium off the (closed) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>
    /// A page in a fresh context at 1280×800; every request it makes to anything but the gateway (and
    /// <paramref name="alsoAllowed"/>, e.g. a test OpenID provider's origin) is recorded and refused.
    /// </summary>
    public async Task<AdminPage> NewPageAsync(params string[] alsoAllowed)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var admin = new AdminPage(page, BaseUrl);
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(BaseUrl, StringComparison.Ordinal) || alsoAllowed.Any(origin => route.Request.Url.StartsWith(origin, StringComparison.Ordinal)) || route.Request.Url.StartsWith("about:", StringComparison.Ordinal) || route.Request.Url.StartsWith("data:", StringComparison.Ordinal) || route.Request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                admin.ForeignRequests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        page.Console += (_, message) => admin.Console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => admin.Console.Add("pageerror: " + error);
        return admin;
    }
}
