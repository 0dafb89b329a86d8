using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MailGrains.Hosting;

/// <summary>
/// The Orleans Dashboard on a silo: off by default; when on, the silo also serves HTTP on <see cref="Port"/>, on
/// loopback unless <see cref="ListenAddress"/> says otherwise, behind HTTP Basic authentication
/// (<see cref="UserName"/>, <see cref="Password"/>). These settings are read only when the dashboard is on.
/// </summary>
public sealed class MailGrainsDashboardOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Dashboard";

    /// <summary>Serve the dashboard (and <c>/health/live</c>, <c>/health/ready</c>) from this silo.</summary>
    public bool Enabled { get; set; }

    /// <summary>The HTTP port.</summary>
    [Range(1, 65535, ErrorMessage = "MailGrains:Dashboard:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The address the dashboard listens on: loopback by default (reach it with a port-forward), whatever address the
    /// silo's own ports listen on. <c>0.0.0.0</c> or <c>::</c> listens on every interface.
    /// </summary>
    [Required(ErrorMessage = "MailGrains:Dashboard:ListenAddress must be an IP address.")]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The user name the dashboard's HTTP Basic authentication asks for.</summary>
    [Required(ErrorMessage = "MailGrains:Dashboard:UserName is required when the dashboard is on.")]
    public string UserName { get; set; } = "";

    /// <summary>The password it asks for: from a secret (env <c>MailGrains__Dashboard__Password</c>), at least 16 characters.</summary>
    [Required(ErrorMessage = "MailGrains:Dashboard:Password is required when the dashboard is on (env MailGrains__Dashboard__Password, from a secret; e.g. openssl rand -base64 24).")]
    [MinLength(16, ErrorMessage = "MailGrains:Dashboard:Password must be at least 16 characters (e.g. openssl rand -base64 24).")]
    public string Password { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult("MailGrains:Dashboard:ListenAddress must be an IP address.", [nameof(ListenAddress)]);
        }
    }

    public IPAddress ListenIPAddress() => IPAddress.Parse(ListenAddress);
}
