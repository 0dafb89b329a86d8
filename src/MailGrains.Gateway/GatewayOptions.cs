using System.ComponentModel.DataAnnotations;
using MailGrains.Gateway.Auth;

namespace MailGrains.Gateway;

/// <summary>Settings of the HTTP gateway.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "MailGrains";

    /// <summary>The default address when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The <c>service.name</c> of the gateway's telemetry unless <c>MailGrains:Telemetry:ServiceName</c> says otherwise.</summary>
    public const string DefaultServiceName = "mailgrains-gateway";

    /// <summary>
    /// Bearer key of the operator, who manages tenants. Never logged. Refused at start when it is short, a placeholder
    /// or guessable (<see cref="OperatorKeyStrength"/>).
    /// </summary>
    [Required(ErrorMessage = "MailGrains:OperatorKey is required (env MailGrains__OperatorKey; " + OperatorKeyStrength.HowToGenerate + ").")]
    public string OperatorKey { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OperatorKeyStrength.Weakness(OperatorKey) is { } weakness)
        {
            yield return new ValidationResult(
                $"MailGrains:OperatorKey {weakness} (env MailGrains__OperatorKey; {OperatorKeyStrength.HowToGenerate}).", [nameof(OperatorKey)]);
        }
    }
}
