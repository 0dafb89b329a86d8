using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.Api;

/// <summary>
/// One real silo and one gateway on fresh storage, shared by the tests of a class. Each test makes its
/// own tenant (<see cref="NewTenantAsync"/>), so tests never see each other's data. The gateway runs in the
/// test server, or on a real loopback port (<see cref="BaseUrl"/>) for a browser.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly bool _onRealPort;
    private readonly IReadOnlyDictionary<string, string?> _gatewaySettings;
    private RealSilo? _silo;
    private GatewayFactory? _gateway;

    public ApiFixture()
        : this(onRealPort: false)
    {
    }

    protected ApiFixture(bool onRealPort, IReadOnlyDictionary<string, string?>? gatewaySettings = null, TestNetwork? network = null)
    {
        _onRealPort = onRealPort;
        _gatewaySettings = gatewaySettings ?? new Dictionary<string, string?>();
        Network = network ?? TestNetwork.TestServers;
    }

    /// <summary>The outbound policy of the silo and the gateway.</summary>
    public TestNetwork Network { get; }

    public TestStorage Storage { get; } = new();

    /// <summary>Where a browser finds the gateway (only with a real port).</summary>
    public string BaseUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public string ClusterId { get; } = FreshNames.ClusterId();

    /// <summary>Everything the silo and the gateway logged (debug and up).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Settings of the silo over the defaults (for a fixture with other quotas, say).</summary>
    protected virtual IDictionary<string, string?>? SiloSettings => null;

    /// <summary>Test-only services of the silo (a grain call filter, say).</summary>
    protected virtual void AddSiloServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    internal GatewayFactory Gateway => _gateway ?? throw new InvalidOperationException("Not started.");

    public string OperatorKey => Gateway.OperatorKey;

    public virtual async Task InitializeAsync()
    {
        _silo = await RealSilo.StartAsync(Storage, ClusterId, SiloSettings, Logs, AddSiloServices, Network);
        var settings = new Dictionary<string, string?>(_gatewaySettings);
        if (_onRealPort)
        {
            settings["urls"] = BaseUrl;
        }

        _gateway = new GatewayFactory(Storage, ClusterId, logs: Logs, settings: settings, network: Network);
        if (_onRealPort)
        {
            _gateway.UseKestrel();
            _gateway.StartServer();
        }

        using var http = _gateway.CreateClient();
        await Eventually.MatchesAsync(() => http.GetAsync("/health/ready"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the gateway to be ready");
    }

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }

    /// <summary>An HTTP client with no key, or with <paramref name="key"/> as bearer.</summary>
    public HttpClient Client(string? key = null)
    {
        var http = Gateway.CreateClient();
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public HttpClient Operator() => Client(OperatorKey);

    /// <summary>A new tenant and a client holding one of its admin keys.</summary>
    public async Task<TestTenant> NewTenantAsync()
    {
        var tenantId = "tenant-" + Guid.NewGuid().ToString("N")[..10];
        using var op = Operator();
        (await op.PutAsJsonAsync($"/v1/tenants/{tenantId}", new { name = "Tenant " + tenantId })).EnsureSuccessStatusCode();
        var issued = await (await op.PostAsync($"/v1/tenants/{tenantId}/keys", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("key").GetString()!;
        return new TestTenant(tenantId, key, issued.GetProperty("keyId").GetString()!, Client(key));
    }
}

/// <summary>A tenant of one test, with an admin client.</summary>
public sealed record TestTenant(string TenantId, string Key, string KeyId, HttpClient Admin) : IDisposable
{
    /// <summary>Creates a user with a display name and tag derived from the id.</summary>
    public async Task PutUserAsync(string userId, string? tag = null)
        => (await Admin.PutAsJsonAsync($"/v1/users/{userId}", new
        {
            displayName = "User " + userId,
            email = userId + "@example.test",
            tag = tag ?? userId.ToUpperInvariant(),
            isAdmin = false,
            signature = new { text = "-- " + userId, html = "<p>" + userId + "</p>" },
        })).EnsureSuccessStatusCode();

    public void Dispose() => Admin.Dispose();
}
