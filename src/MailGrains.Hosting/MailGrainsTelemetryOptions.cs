using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace MailGrains.Hosting;

/// <summary>Where a silo or gateway sends its metrics and traces (OpenTelemetry, OTLP); nothing is exported while <see cref="OtlpEndpoint"/> is empty.</summary>
public sealed class MailGrainsTelemetryOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Telemetry";

    /// <summary>The collector's base address, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>:4318</c> (HTTP); empty: no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> or <c>httpprotobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> of this process's telemetry; empty: <c>mailgrains-silo</c> or <c>mailgrains-gateway</c>.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{0,64}$", ErrorMessage = "MailGrains:Telemetry:ServiceName must be up to 64 letters, digits, dots, hyphens or underscores.")]
    public string ServiceName { get; set; } = "";

    /// <summary>The endpoint when it is a valid http or https address; null when empty or invalid (validation names an invalid one).</summary>
    public Uri? Endpoint => Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    public OtlpExportProtocol Protocol => string.Equals(OtlpProtocol, "httpprotobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OtlpEndpoint.Length > 0 && Endpoint is null)
        {
            yield return new ValidationResult(
                "MailGrains:Telemetry:OtlpEndpoint must be an absolute http or https address (e.g. http://otel-collector:4317), or empty to export nothing.",
                [nameof(OtlpEndpoint)]);
        }

        if (!string.Equals(OtlpProtocol, "grpc", StringComparison.OrdinalIgnoreCase) && !string.Equals(OtlpProtocol, "httpprotobuf", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("MailGrains:Telemetry:OtlpProtocol must be grpc or httpprotobuf.", [nameof(OtlpProtocol)]);
        }
    }
}
