using System.Text.Json;
using MailGrains.Gateway.Accounts;
using MailGrains.Gateway.Api;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.EndToEnd.Tests.Api;

/// <summary>
/// The account document's rules run by the framework's validation without HTTP or a cluster, and the framework's
/// C# paths become the API's JSON paths. The HTTP tests (AccountValidationTests and others) prove the wiring.
/// </summary>
public sealed class ValidationRulesTests
{
    private static readonly ServiceProvider s_services = new ServiceCollection().AddApiValidation().BuildServiceProvider();

    [Theory]
    [InlineData("Defaults.Permissions[1].UserId", "defaults.permissions[1].userId")]
    [InlineData("General.Email", "general.email")]
    [InlineData("advanced.lastUids.INBOX", "advanced.lastUids.INBOX")]
    [InlineData("Advanced.lastUids.Sent.Items", "advanced.lastUids.Sent.Items")]
    [InlineData("Idempotency-Key", "Idempotency-Key")]
    [InlineData("userId", "userId")]
    public void AFrameworkFieldPathBecomesTheJsonPath(string key, string jsonPath)
        => Assert.Equal(jsonPath, ApiValidation.JsonPath(key));

    [Theory]
    [InlineData("""{"general":{"email":"nope"}}""", "general.email")]
    [InlineData("""{"advanced":{"pollIntervalSeconds":59}}""", "advanced.pollIntervalSeconds")]
    [InlineData("""{"defaults":{"permissions":[{"userId":"anna"}]}}""", "defaults.permissions[0].access")]
    [InlineData("""{"server":{"incoming":{"protocol":"pop3"}},"imap":{"spamFolder":"Junk"}}""", "imap.spamFolder")]
    [InlineData("""{"server":{"incoming":{"password":""}}}""", "server.incoming.password")]
    [InlineData("""{"advanced":{"lastUids":{"IN\nBOX":1}}}""", "advanced.lastUids.IN?BOX")]
    public async Task ARuleBrokenInADocumentIsNamedByItsJsonPath(string overlay, string field)
    {
        var errors = await ValidateAsync(AccountDocuments.CompleteImap("anna").With(overlay).ToJsonString());

        Assert.Equal([field], errors.Keys.Select(ApiValidation.JsonPath));
    }

    [Fact]
    public async Task ACompleteDocumentIsValid()
        => Assert.Empty(await ValidateAsync(AccountDocuments.CompleteImap("anna").ToJsonString()));

    private static async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(string json)
    {
        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);
        var document = JsonSerializer.Deserialize<AccountDocument>(json, options)!;
        return await ApiValidation.ValidateAsync(document, s_services) ?? [];
    }
}
