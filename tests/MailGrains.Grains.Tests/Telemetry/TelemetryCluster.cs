using MailGrains.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.Grains.Tests.Telemetry;

/// <summary>
/// A one-silo test cluster whose instruments the tests of a class observe. Other tests in this process record on
/// meters of the same name, so a test watches this silo's <see cref="MailGrainsMetrics"/> instances, not the name;
/// and the cluster is the class's own, so no other class's accounts record on them.
/// </summary>
public sealed class TelemetryCluster : OneSiloCluster
{
    /// <summary>The instruments of the cluster's only silo.</summary>
    public MailGrainsMetrics Metrics => SiloServices.GetRequiredService<MailGrainsMetrics>();
}
