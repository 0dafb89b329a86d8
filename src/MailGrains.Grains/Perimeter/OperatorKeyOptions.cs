using System.ComponentModel.DataAnnotations;

namespace MailGrains.Grains.Perimeter;

/// <summary>
/// <c>MailGrains:OperatorKeySha256</c>: the SHA-256 of the gateway's operator key (64 hex digits), against which the
/// silos check the key a client's call to an operator-only method carries (<see cref="OperatorOnlyCallFilter"/>). The
/// silos hold the hash, never the key. A silo without it refuses to start.
/// </summary>
public sealed class OperatorKeyOptions : IValidatableObject
{
    public const string SectionName = "MailGrains";

    internal const string HowToCompute = "printf %s \"$OPERATOR_KEY\" | sha256sum";

    public string OperatorKeySha256 { get; set; } = "";

    /// <summary>The configured hash as bytes (valid options only).</summary>
    internal byte[] Hash => Convert.FromHexString(OperatorKeySha256.Trim());

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var value = OperatorKeySha256.Trim();
        if (value.Length == 0)
        {
            yield return new ValidationResult(
                $"MailGrains:OperatorKeySha256 is required: the SHA-256 of the gateway's operator key, 64 hex digits "
                + $"(env MailGrains__OperatorKeySha256; {HowToCompute}).", [nameof(OperatorKeySha256)]);
        }
        else if (value.Length != 64 || !value.All(char.IsAsciiHexDigit))
        {
            yield return new ValidationResult(
                $"MailGrains:OperatorKeySha256 must be 64 hex digits, the SHA-256 of the gateway's operator key ({HowToCompute}); "
                + $"it has {value.Length} characters{(value.All(char.IsAsciiHexDigit) ? "" : ", not all hex digits")}.", [nameof(OperatorKeySha256)]);
        }
    }
}
