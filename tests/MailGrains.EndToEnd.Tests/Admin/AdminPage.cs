using Microsoft.Playwright;

namespace MailGrains.EndToEnd.Tests.Admin;

/// <summary>The admin page in a browser, addressed as an admin sees it: tabs by name, fields by the API path they edit.</summary>
public sealed class AdminPage(IPage page, string baseUrl)
{
    public IPage Page { get; } = page;

    /// <summary>Requests the page tried to send anywhere but the gateway (all refused).</summary>
    public List<string> ForeignRequests { get; } = [];

    /// <summary>What the page wrote to the console, and script errors.</summary>
    public List<string> Console { get; } = [];

    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync(baseUrl + "/admin/");
        await Page.GetByLabel("Admin key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    public Task GoAsync(string hash) => Page.GotoAsync($"{baseUrl}/admin/{hash}");

    public ILocator Field(string name) => Page.Locator($"[data-field='{name}']");

    /// <summary>The text box, list or check box of a field.</summary>
    public ILocator Control(string name) => Field(name).Locator("input:not([type=checkbox]), select, textarea").First;

    public ILocator Check(string name) => Field(name).Locator("input[type=checkbox]").First;

    public ILocator ErrorOf(string name) => Field(name).Locator(".error");

    public Task TabAsync(string name) => Page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true }).ClickAsync();

    public Task ClickAsync(string button) => Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    public Task FillAsync(string field, string value) => Control(field).FillAsync(value);

    public async Task SelectAsync(string field, string value) => await Control(field).SelectOptionAsync(value);

    /// <summary>Saves a picture of what the page shows now, named after the test.</summary>
    public async Task ScreenshotAsync(string test)
    {
        Directory.CreateDirectory(BrowserFixture.ArtifactsFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, test + ".png"), FullPage = true });
    }
}
