using System.ComponentModel.DataAnnotations;
using MailGrains.Gateway.Api;
using MailGrains.Users;

namespace MailGrains.Gateway.Users;

/// <summary>A user as the API shows and takes it. <see cref="Id"/> is read-only.</summary>
public sealed class UserDocument
{
    public const int MaxNameLength = 200;
    public const int MaxTagLength = 100;

    public string? Id { get; set; }

    [Required(ErrorMessage = "Required, at most 200 characters.")]
    [MaxLength(MaxNameLength, ErrorMessage = "Required, at most 200 characters."), SingleLine]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Required: an e-mail address such as name@example.com.")]
    [MailAddress(ErrorMessage = "Required: an e-mail address such as name@example.com."), SingleLine]
    public string? Email { get; set; }

    /// <summary>The user's tag; accounts they own stamp it on incoming activities.</summary>
    [MaxLength(MaxTagLength, ErrorMessage = "At most 100 characters."), SingleLine]
    public string? Tag { get; set; }

    public bool? IsAdmin { get; set; }

    public SignatureDocument? Signature { get; set; }

    internal static UserDocument From(string userId, UserProfile profile) => new()
    {
        Id = userId,
        DisplayName = profile.DisplayName,
        Email = profile.Email,
        Tag = profile.Tag,
        IsAdmin = profile.IsAdmin,
        Signature = SignatureDocument.From(profile.Signature),
    };

    internal UserProfile ToProfile() => new(
        DisplayName!.Trim(),
        Email!.Trim(),
        string.IsNullOrWhiteSpace(Tag) ? null : Tag.Trim(),
        IsAdmin ?? false,
        Signature?.ToSignature() ?? MailGrains.Users.Signature.None);
}

/// <summary>Plain-text and HTML signature.</summary>
public sealed class SignatureDocument
{
    public const int MaxTextLength = 10_000;
    public const int MaxHtmlLength = 100_000;

    [MaxLength(MaxTextLength, ErrorMessage = "At most 10000 characters.")]
    public string? Text { get; set; }

    [MaxLength(MaxHtmlLength, ErrorMessage = "At most 100000 characters.")]
    public string? Html { get; set; }

    internal static SignatureDocument From(Signature signature) => new() { Text = signature.Text, Html = signature.Html };

    internal Signature ToSignature() => new(string.IsNullOrEmpty(Text) ? null : Text, string.IsNullOrEmpty(Html) ? null : Html);
}
