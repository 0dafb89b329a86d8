using System.Text.Json;
using System.Text.Json.Serialization;
using MailGrains.Activities;
using MailGrains.Webhooks;

namespace MailGrains.Grains.Webhooks.Events;

/// <summary>
/// The <c>data</c> objects of the events, in the API's JSON conventions (camelCase, lower-case enum values). An activity's
/// summary has the fields of an item of <c>GET /v1/users/{id}/activities</c>, so a receiver parses both alike.
/// </summary>
internal static class WebhookEventData
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(LowerCase.Instance, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static WebhookEvent ActivityCreated(Activity activity, string? text, DateTimeOffset at, bool textCut = false)
        => new(WebhookEventIds.New(at), WebhookEventTypes.ActivityCreated, activity.AccountId, at, ActivityData(activity), text, textCut);

    public static WebhookEvent ActivityUpdated(Activity activity, DateTimeOffset at)
        => new(WebhookEventIds.New(at), WebhookEventTypes.ActivityUpdated, activity.AccountId, at, ActivityData(activity));

    /// <param name="code">What an admin must do, when the error says so (<c>reauthorize</c>: reconnect the OAuth2 sign-in).</param>
    public static WebhookEvent AccountError(string accountId, string error, int consecutiveFailures, DateTimeOffset at, string? code = null)
        => new(WebhookEventIds.New(at), WebhookEventTypes.AccountError, accountId, at,
            JsonSerializer.SerializeToUtf8Bytes(new AccountErrorData(accountId, error, consecutiveFailures, code), s_json));

    public static WebhookEvent AccountRecovered(string accountId, DateTimeOffset at)
        => new(WebhookEventIds.New(at), WebhookEventTypes.AccountRecovered, accountId, at,
            JsonSerializer.SerializeToUtf8Bytes(new AccountData(accountId), s_json));

    public static WebhookEvent AccountMailboxReset(string accountId, string folder, uint oldUidValidity, uint newUidValidity, DateTimeOffset at)
        => new(WebhookEventIds.New(at), WebhookEventTypes.AccountMailboxReset, accountId, at,
            JsonSerializer.SerializeToUtf8Bytes(new MailboxResetData(accountId, folder, oldUidValidity, newUidValidity), s_json));

    private static byte[] ActivityData(Activity a) => JsonSerializer.SerializeToUtf8Bytes(
        new ActivityEventBody(a.OwnerUserId, new ActivitySummary(
            a.Id, a.AccountId, a.Direction, a.Folder, a.Type, a.Tags, Address(a.From), [.. a.To.Select(x => Address(x)!)], [.. a.Cc.Select(x => Address(x)!)],
            a.Subject, a.Date, a.MessageId, a.Snippet, a.Flags, a.Status, a.StatusDetail)), s_json);

    private static AddressData? Address(ActivityAddress? address) => address is null ? null : new AddressData(address.Name, address.Address);

    private sealed record ActivityEventBody(string UserId, ActivitySummary Activity);

    private sealed record ActivitySummary(
        string Id, string AccountId, Direction Direction, ActivityFolder Folder, string Type, IReadOnlyList<string> Tags, AddressData? From,
        IReadOnlyList<AddressData> To, IReadOnlyList<AddressData> Cc, string? Subject, DateTimeOffset? Date, string? MessageId, string Snippet,
        IReadOnlyList<string> Flags, DeliveryStatus? Status, string? StatusDetail);

    private sealed record AddressData(string Name, string Address);

    private sealed record AccountData(string AccountId);

    private sealed record AccountErrorData(string AccountId, string Error, int ConsecutiveFailures, string? Code);

    private sealed record MailboxResetData(string AccountId, string Folder, uint OldUidValidity, uint NewUidValidity);

    private sealed class LowerCase : JsonNamingPolicy
    {
        public static readonly LowerCase Instance = new();

        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
