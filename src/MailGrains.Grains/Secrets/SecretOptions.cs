using System.ComponentModel.DataAnnotations;

namespace MailGrains.Grains.Secrets;

/// <summary>
/// Keys that encrypt mail passwords at rest. New secrets use <see cref="CurrentKeyId"/>; older keys stay
/// listed until every secret was rewritten, so keys can be rotated.
/// </summary>
public sealed class SecretOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Secrets";

    [Required(ErrorMessage = "MailGrains:Secrets:CurrentKeyId is required.")]
    public string CurrentKeyId { get; set; } = "";

    /// <summary>Key id → base64 of 32 random bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Keys.ContainsKey(CurrentKeyId))
        {
            yield return new ValidationResult($"MailGrains:Secrets:Keys has no key '{CurrentKeyId}' (the CurrentKeyId).", [nameof(Keys)]);
        }

        foreach (var (id, value) in Keys)
        {
            if (!IsKey(value))
            {
                yield return new ValidationResult($"MailGrains:Secrets:Keys:{id} must be the base64 of 32 bytes.", [nameof(Keys)]);
            }
        }
    }

    private static bool IsKey(string value)
    {
        Span<byte> buffer = stackalloc byte[48];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == 32;
    }
}
