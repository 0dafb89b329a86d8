using System.ComponentModel.DataAnnotations;
using MailGrains.Activities;
using MailGrains.Gateway.Api;

namespace MailGrains.Gateway.Sending;

/// <summary>A mail to send through an account.</summary>
public sealed class SendRequest : IValidatableObject
{
    public const int MaxRecipients = 100;
    public const int MaxSubjectLength = 998;

    [MailGrainsId(ErrorMessage = $"Required: the id of the user who sends ({Ids.Rule}).")]
    public string? SenderUserId { get; set; }

    public List<string>? To { get; set; }

    public List<string>? Cc { get; set; }

    public List<string>? Bcc { get; set; }

    /// <summary>Defaults to "Re: …" of the activity replied to.</summary>
    [MaxLength(MaxSubjectLength, ErrorMessage = "At most 998 characters."), SingleLine]
    public string? Subject { get; set; }

    public string? Text { get; set; }

    public string? Html { get; set; }

    public string? InReplyToActivityId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var count = 0;
        foreach (var (field, list) in new[] { ("to", To), ("cc", Cc), ("bcc", Bcc) })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++, count++)
            {
                if (!FieldRules.IsEmailAddress(list![i]?.Trim() ?? "") || TextRules.HasForbiddenCharacter(list[i]))
                {
                    yield return new ValidationResult(
                        "Must be an e-mail address such as name@example.com.", [$"{field}[{i}]"]);
                }
            }
        }

        if (count is 0 or > MaxRecipients)
        {
            yield return new ValidationResult(
                count == 0 ? "At least one recipient (to, cc or bcc)." : $"At most {MaxRecipients} recipients in all.",
                ["to"]);
        }

        if (InReplyToActivityId is { } reply && !ActivityIds.IsWellFormed(reply))
        {
            yield return new ValidationResult("Must be the id of an activity.", ["inReplyToActivityId"]);
        }
    }
}

public sealed record SendResponse(string ActivityId);
