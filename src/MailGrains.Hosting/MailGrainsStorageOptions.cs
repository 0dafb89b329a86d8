using System.ComponentModel.DataAnnotations;

namespace MailGrains.Hosting;

/// <summary>The one Azure Storage account that holds membership, grain state, reminders and raw mail.</summary>
public sealed class MailGrainsStorageOptions
{
    public const string SectionName = "MailGrains:Storage";

    /// <summary>An Azure Storage connection string; the default is the local Azurite.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prefix of every table and blob container, so that several deployments (or test runs) share an account.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9]{2,29}$", ErrorMessage = "TablePrefix must be 3-30 lower-case letters or digits, starting with a letter.")]
    public string TablePrefix { get; set; } = "mailgrains";

    public string MembershipTable => TablePrefix + "membership";

    public string GrainStateTable => TablePrefix + "grainstate";

    public string RemindersTable => TablePrefix + "reminders";

    public string ActivitiesTable => TablePrefix + "activities";

    /// <summary>Which users each account names, one partition per tenant.</summary>
    public string DirectoryTable => TablePrefix + "directory";

    /// <summary>Idempotency keys of sends, one partition per account.</summary>
    public string IdempotencyTable => TablePrefix + "idempotency";

    /// <summary>Blob containers allow hyphens but no upper case: <c>{prefix}-{name}</c>.</summary>
    public string BlobContainer(string name) => $"{TablePrefix}-{name}";
}
