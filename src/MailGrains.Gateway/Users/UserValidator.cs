using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.Users;

internal static class UserValidator
{
    public const int MaxNameLength = 200;
    public const int MaxTagLength = 100;

    public static ValidationErrors Validate(UserDocument user, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(user.DisplayName) || user.DisplayName.Length > MaxNameLength)
        {
            errors.Add("displayName", $"Required, at most {MaxNameLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(user.Email) || !FieldRules.IsEmailAddress(user.Email.Trim()))
        {
            errors.Add("email", "Required: an e-mail address such as name@example.com.");
        }

        if (user.Tag is { Length: > MaxTagLength })
        {
            errors.Add("tag", $"At most {MaxTagLength} characters.");
        }

        errors.RequireSingleLine("displayName", user.DisplayName).RequireSingleLine("email", user.Email).RequireSingleLine("tag", user.Tag);
        ValidateSignature(user.Signature, "signature", errors);
        return errors;
    }

    public static void ValidateSignature(SignatureDocument? signature, string field, ValidationErrors errors)
    {
        if (signature?.Text is { Length: > SignatureDocument.MaxTextLength })
        {
            errors.Add($"{field}.text", $"At most {SignatureDocument.MaxTextLength} characters.");
        }

        if (signature?.Html is { Length: > SignatureDocument.MaxHtmlLength })
        {
            errors.Add($"{field}.html", $"At most {SignatureDocument.MaxHtmlLength} characters.");
        }
    }
}
