using System.Net;
using System.Text;
using MailGrains.EndToEnd.Tests.Api;

namespace MailGrains.EndToEnd.Tests;

/// <summary>Bodies are JSON: anything else is refused as such, not misread.</summary>
public sealed class MediaTypeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("PUT", "text/plain")]
    [InlineData("PUT", "application/x-www-form-urlencoded")]
    [InlineData("PATCH", "text/plain")]
    public async Task ABodyThatIsNotDeclaredAsJsonIsUnsupported(string method, string mediaType)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        if (method == "PATCH")
        {
            await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));
        }

        var response = await tenant.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/v1/accounts/sales")
        {
            Content = new StringContent(AccountDocuments.CompleteImap("anna").ToJsonString(), Encoding.UTF8, mediaType),
        });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/json; charset=utf-8")]
    public async Task JsonAndMergePatchMediaTypesAreAccepted(string mediaType)
    {
        using var tenant = await api.NewTenantAsync();
        await tenant.PutUserAsync("anna");
        await tenant.CreateAccountAsync("sales", AccountDocuments.CompleteImap("anna"));

        var response = await tenant.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/v1/accounts/sales")
        {
            Content = new StringContent("""{"general":{"note":"ok"}}""", Encoding.UTF8, "application/json"),
        }.WithMediaType(mediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

internal static class MediaTypeExtensions
{
    public static HttpRequestMessage WithMediaType(this HttpRequestMessage request, string mediaType)
    {
        request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);
        return request;
    }
}
