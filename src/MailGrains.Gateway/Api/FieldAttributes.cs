using System.ComponentModel.DataAnnotations;

namespace MailGrains.Gateway.Api;

/// <summary>A tenant, user or account id (<see cref="Ids"/>); null is not one.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class MailGrainsIdAttribute() : ValidationAttribute($"Must be {Ids.Rule}.")
{
    public override bool IsValid(object? value) => Ids.IsValid(value as string);
}

/// <summary>A host name (<c>mail.example.com</c>) or an IP address, around blanks; null or blank is none.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HostNameAttribute()
    : ValidationAttribute("Must be a host name (mail.example.com) or an IP address.")
{
    public override bool IsValid(object? value)
        => value is not string text || string.IsNullOrWhiteSpace(text) || FieldRules.IsHostName(text.Trim());
}

/// <summary>A bare mail address (<c>name@example.com</c>), around blanks; null or blank is none.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MailAddressAttribute()
    : ValidationAttribute("Must be an e-mail address such as name@example.com.")
{
    public override bool IsValid(object? value)
        => value is not string text || string.IsNullOrWhiteSpace(text) || FieldRules.IsEmailAddress(text.Trim());
}

/// <summary>One line of text (<see cref="TextRules"/>); <see cref="AllowLineBreaks"/> allows them and tabs.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SingleLineAttribute() : ValidationAttribute(TextRules.ControlCharacterMessage)
{
    public bool AllowLineBreaks { get; init; }

    public override bool IsValid(object? value) => AllowLineBreaks
        ? !TextRules.HasForbiddenCharacterInText(value as string)
        : !TextRules.HasForbiddenCharacter(value as string);
}
