using System.ComponentModel.DataAnnotations;

namespace MailGrains.Hosting;

/// <summary>The Orleans Dashboard on a silo: off by default; when on, the silo also serves HTTP on <see cref="Port"/>.</summary>
public sealed class MailGrainsDashboardOptions
{
    public const string SectionName = "MailGrains:Dashboard";

    /// <summary>Serve the dashboard (and <c>/health/live</c>, <c>/health/ready</c>) from this silo. It has no login: reach it only through a port-forward or a private network.</summary>
    public bool Enabled { get; set; }

    /// <summary>The HTTP port, on the silo's advertised address (or every interface with <c>ListenOnAnyAddress</c>).</summary>
    [Range(1, 65535, ErrorMessage = "MailGrains:Dashboard:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 8080;
}
