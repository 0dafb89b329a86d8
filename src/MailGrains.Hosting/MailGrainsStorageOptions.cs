using System.ComponentModel.DataAnnotations;

namespace MailGrains.Hosting;

/// <summary>
/// The one Azure Storage account that holds membership, grain state, reminders and raw mail, reached either with a
/// connection string or, without any account key, by the table and blob service URIs with the process's Azure
/// identity (workload or managed identity; see <see cref="StorageServiceCollectionExtensions"/>).
/// </summary>
public sealed class MailGrainsStorageOptions : IValidatableObject
{
    public const string SectionName = "MailGrains:Storage";

    /// <summary>An Azure Storage connection string; the default is the local Azurite. Empty to use the service URIs.</summary>
    public string? ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The account's table service, e.g. <c>https://account.table.core.windows.net</c>; with <see cref="BlobServiceUri"/> and no connection string.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The account's blob service, e.g. <c>https://account.blob.core.windows.net</c>; with <see cref="TableServiceUri"/> and no connection string.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Whether the clients authenticate with the process's Azure identity instead of a connection string.</summary>
    public bool UsesIdentity => string.IsNullOrEmpty(ConnectionString);

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

    /// <summary>The tenants' webhook event logs.</summary>
    public string EventsTable => TablePrefix + "events";

    /// <summary>Blob containers allow hyphens but no upper case: <c>{prefix}-{name}</c>.</summary>
    public string BlobContainer(string name) => $"{TablePrefix}-{name}";

    /// <summary>Exactly one way to the account: a connection string, or both service URIs (absolute https).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        const string Either = "MailGrains:Storage needs either ConnectionString or both TableServiceUri and BlobServiceUri (with the process's Azure identity)";
        var uris = new[] { TableServiceUri, BlobServiceUri }.Count(u => u is not null);
        if (!UsesIdentity && uris > 0)
        {
            yield return new ValidationResult(
                $"{Either}, not both: set MailGrains:Storage:ConnectionString to an empty value to use the URIs.",
                [nameof(ConnectionString), nameof(TableServiceUri), nameof(BlobServiceUri)]);
        }
        else if (UsesIdentity && uris < 2)
        {
            yield return new ValidationResult($"{Either}; ConnectionString is empty and {(TableServiceUri is null ? nameof(TableServiceUri) : nameof(BlobServiceUri))} is missing.",
                [nameof(ConnectionString), nameof(TableServiceUri), nameof(BlobServiceUri)]);
        }
        else if (UsesIdentity)
        {
            foreach (var (name, uri) in new[] { (nameof(TableServiceUri), TableServiceUri!), (nameof(BlobServiceUri), BlobServiceUri!) })
            {
                if (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps)
                {
                    yield return new ValidationResult($"MailGrains:Storage:{name} must be an absolute https URI (a token is never sent in clear).", [name]);
                }
            }
        }
    }
}
