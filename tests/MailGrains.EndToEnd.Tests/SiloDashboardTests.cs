using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MailGrains.Testing;
using Microsoft.Extensions.Options;

namespace MailGrains.EndToEnd.Tests;

/// <summary>
/// A silo with <c>MailGrains:Dashboard:Enabled</c> serves the Orleans Dashboard and its health over HTTP: on loopback
/// unless told otherwise, behind HTTP Basic authentication, its grain-state view refused however the path is spelled.
/// </summary>
public sealed class SiloDashboardTests
{
    private const string User = "operator";

    [Fact]
    public async Task ASiloWithTheDashboardOnServesItWithCredentialsAndItsHealthWithout()
    {
        var password = NewPassword();
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), DashboardOn(port, password));
        using var anonymous = Http(port);
        using var signedIn = Http(port, User, password);
        using var wrongPassword = Http(port, User, password + "x");

        var page = await signedIn.GetAsync("/");
        var ready = await anonymous.GetAsync("/health/ready");
        var withoutCredentials = await anonymous.GetAsync("/");
        var withAWrongPassword = await wrongPassword.GetAsync("/ClusterStats");
        var trace = await signedIn.GetAsync("/Trace");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCredentials.StatusCode);
        Assert.Equal("Basic", withoutCredentials.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, withAWrongPassword.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, trace.StatusCode);
    }

    [Fact]
    public async Task TheGrainStateViewIsRefusedHoweverItsPathIsSpelled()
    {
        var password = NewPassword();
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), DashboardOn(port, password));
        string[] spellings =
        [
            "/GrainState", "/GrainState/", "/grainstate", "/GRAINSTATE", "//GrainState", "/Grain%53tate", "/%47rain%73tate/",
            "/GrainState%2F", "/./GrainState", "/x/../GrainState",
        ];

        var answers = new Dictionary<string, int>();
        foreach (var path in spellings)
        {
            answers[path] = await RawStatusAsync(port, $"{path}?grainId=x&grainType=y", User, password);
        }

        Assert.All(answers, a => Assert.True(a.Value == 403, $"{a.Key} answered {a.Value}"));
        Assert.Equal(200, await RawStatusAsync(port, "/ClusterStats", User, password));
        Assert.Equal(401, await RawStatusAsync(port, "/Grain%53tate", User, "not-the-password"));
    }

    [Fact]
    public async Task TheDashboardListensOnLoopbackEvenWhenTheSiloListensOnEveryAddress()
    {
        var password = NewPassword();
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        var settings = DashboardOn(port, password);
        settings["MailGrains:Cluster:ListenOnAnyAddress"] = "true";
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), settings);
        using var loopback = Http(port, User, password);

        var page = await loopback.GetAsync("/");
        // Another loopback address reaches a listener on every address, never one on 127.0.0.1 alone.
        using var otherAddress = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => otherAddress.ConnectAsync(IPAddress.Parse("127.0.0.2"), port));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Theory]
    [InlineData("MailGrains:Dashboard:Password", null, "MailGrains:Dashboard:Password")]
    [InlineData("MailGrains:Dashboard:Password", "short", "MailGrains:Dashboard:Password")]
    [InlineData("MailGrains:Dashboard:UserName", null, "MailGrains:Dashboard:UserName")]
    [InlineData("MailGrains:Dashboard:ListenAddress", "localhost", "MailGrains:Dashboard:ListenAddress")]
    public async Task ASiloWithTheDashboardOnAndAMissingOrBadCredentialRefusesToStart(string key, string? value, string named)
    {
        await using var storage = new TestStorage();
        var settings = DashboardOn(FreePort.Next(), NewPassword());
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RealSilo.StartAsync(storage, FreshNames.ClusterId(), settings));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiloWithTheDashboardOffListensOnNoHttpPort()
    {
        await using var storage = new TestStorage();
        var port = FreePort.Next();
        await using var silo = await RealSilo.StartAsync(storage, FreshNames.ClusterId(), new Dictionary<string, string?>
        {
            ["MailGrains:Dashboard:Port"] = port.ToString(CultureInfo.InvariantCulture),
        });
        using var http = Http(port);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/"));
    }

    private static Dictionary<string, string?> DashboardOn(int port, string password) => new()
    {
        ["MailGrains:Dashboard:Enabled"] = "true",
        ["MailGrains:Dashboard:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["MailGrains:Dashboard:UserName"] = User,
        ["MailGrains:Dashboard:Password"] = password,
    };

    private static string NewPassword() => Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static HttpClient Http(int port, string? user = null, string? password = null)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Basic(user, password!));
        }

        return http;
    }

    /// <summary>The status of a request whose path is sent exactly as written (HttpClient would tidy it first).</summary>
    private static async Task<int> RawStatusAsync(int port, string path, string user, string password)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Basic {Basic(user, password)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
