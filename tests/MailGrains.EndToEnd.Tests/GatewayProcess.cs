using System.Diagnostics;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests;

/// <summary>The gateway as its own process, started the way <c>deploy/local/up.sh</c> starts it.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the gateway on a free loopback port; <paramref name="environment"/> is set last (keys with <c>__</c>).</summary>
    public static GatewayProcess Start(TestStorage storage, string clusterId, IReadOnlyDictionary<string, string>? environment = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "MailGrains.Gateway.dll"), "--urls", address.ToString(), "--contentRoot", AppContext.BaseDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in storage.Settings())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["MailGrains__Cluster__ClusterId"] = clusterId;
        start.Environment["MailGrains__Cluster__ServiceId"] = "mailgrains-test";
        start.Environment["MailGrains__OperatorKey"] = TestOperator.Key;
        foreach (var (key, value) in TestClusterCertificates.Shared.Gateway.Settings().Concat(TestNetwork.TestServers.Settings()))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process, address);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }
}
