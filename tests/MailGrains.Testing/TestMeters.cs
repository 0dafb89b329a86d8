using System.Diagnostics.Metrics;
using MailGrains.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace MailGrains.Testing;

/// <summary>
/// The product's instruments for a part built by hand in a test. Tests run in parallel in one process and every
/// silo has a meter named <see cref="MailGrainsMetrics.MeterName"/>: a test observes its own instrument instances
/// (here, or its silo's <see cref="MailGrainsMetrics"/>), never the meter by name.
/// </summary>
public static class TestMeters
{
    public static MailGrainsMetrics NewMetrics()
        => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
