using System.ComponentModel.DataAnnotations;

namespace MailGrains.Gateway;

/// <summary>Settings of the HTTP gateway.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "MailGrains";

    /// <summary>The default address when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The <c>service.name</c> of the gateway's telemetry unless <c>MailGrains:Telemetry:ServiceName</c> says otherwise.</summary>
    public const string DefaultServiceName = "mailgrains-gateway";

    /// <summary>Bearer key of the operator, who manages tenants. Never logged.</summary>
    [Required(ErrorMessage = "MailGrains:OperatorKey is required (env MailGrains__OperatorKey).")]
    [MinLength(24, ErrorMessage = "MailGrains:OperatorKey must be at least 24 characters.")]
    public string OperatorKey { get; set; } = "";
}
