using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using MailGrains.Activities;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using MailGrains.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MailGrains.Gateway.Activities;

/// <summary>Tenant admin routes for a user's activities.</summary>
internal static class ActivityEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The value of <c>include</c> that adds the unsanitised HTML body to an activity.</summary>
    public const string IncludeHtml = "html";

    public static IEndpointRouteBuilder MapActivities(this IEndpointRouteBuilder endpoints)
    {
        var activities = endpoints.MapGroup("/v1/users/{userId}/activities").WithTags("Activities").RequireAuthorization(Roles.TenantAdmin);
        activities.MapGet("/", ListAsync).Produces<ActivityPageDocument>().ProducesValidationProblem();
        activities.MapGet("/{activityId}", GetAsync).Produces<ActivityDocument>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        activities.MapPost("/{activityId}/spam", MarkSpamAsync)
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        activities.MapGet("/{activityId}/raw", GetRawAsync).Produces(StatusCodes.Status200OK, contentType: "message/rfc822").ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(
        string userId,
        string? folder,
        [Description("Items per page, 1 to 200; 50 when left out.")] string? limit,
        string? cursor,
        ClaimsPrincipal caller,
        IClusterClient cluster)
    {
        var errors = new ValidationErrors().RequireId("userId", userId);
        ActivityFolder? view = folder switch
        {
            null or "inbox" => ActivityFolder.Inbox,
            "sent" => ActivityFolder.Sent,
            "spam" => ActivityFolder.Spam,
            _ => null,
        };
        if (view is null)
        {
            errors.Add("folder", "One of inbox, sent, spam.");
        }

        // Parsed here rather than bound as a number, so that "abc" is a field error like "0" instead of a bare 400.
        int? pageSize = limit is null ? null : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        if (pageSize is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"1 to {MaxLimit}.");
        }

        if (cursor is not null && !IsCursor(cursor))
        {
            errors.Add("cursor", "Pass back the nextCursor of the previous page unchanged.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var user = User(cluster, caller, userId);
        if (await user.GetProfileAsync() is null)
        {
            return UserNotFound(userId);
        }

        var page = await user.ListActivitiesAsync(view!.Value, pageSize ?? DefaultLimit, cursor);
        return TypedResults.Ok(new ActivityPageDocument([.. page.Items.Select(ActivityItem.Of)], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(
        string userId,
        string activityId,
        [Description("'html' adds the HTML body as received (unsanitised: never show it as it is). Without it, html is null; safeHtml is always there.")] string? include,
        ClaimsPrincipal caller,
        IClusterClient cluster)
    {
        if (include is not (null or IncludeHtml))
        {
            return new ValidationErrors().Add("include", $"Only '{IncludeHtml}', or leave it out.").ToProblem();
        }

        return Ids.IsValid(userId) && ActivityIds.IsWellFormed(activityId) && await User(cluster, caller, userId).GetActivityAsync(activityId) is { } detail
            ? TypedResults.Ok(ActivityDocument.Of(detail, includeHtml: include == IncludeHtml))
            : ActivityNotFound(activityId);
    }

    private static async Task<IResult> GetRawAsync(string userId, string activityId, ClaimsPrincipal caller, IClusterClient cluster)
        => Ids.IsValid(userId) && ActivityIds.IsWellFormed(activityId) && await User(cluster, caller, userId).GetRawAsync(activityId) is { } raw
            ? TypedResults.Bytes(raw, "message/rfc822", $"{activityId}.eml")
            : ActivityNotFound(activityId);

    private static async Task<IResult> MarkSpamAsync(string userId, string activityId, ClaimsPrincipal caller, IClusterClient cluster)
    {
        if (!Ids.IsValid(userId) || !ActivityIds.IsWellFormed(activityId))
        {
            return ActivityNotFound(activityId);
        }

        var result = await User(cluster, caller, userId).MarkSpamAsync(activityId);
        return result.Outcome switch
        {
            SpamOutcome.Marked => TypedResults.Accepted($"/v1/users/{userId}/activities/{activityId}"),
            SpamOutcome.NotFound => ActivityNotFound(activityId),
            SpamOutcome.NeedsImap => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Spam marking needs IMAP",
                detail: "This activity came from a POP3 account: the message is no longer on the server, so it cannot be moved to a spam folder."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The mail server did not move the message", detail: result.Error),
        };
    }

    private static bool IsCursor(string cursor)
    {
        Span<byte> buffer = stackalloc byte[1024];
        return cursor.Length <= 1300 && Convert.TryFromBase64String(cursor, buffer, out _);
    }

    private static IUserGrain User(IClusterClient cluster, ClaimsPrincipal caller, string userId)
        => cluster.GetGrain<IUserGrain>(GrainKeys.Scoped(caller.TenantId(), userId));

    private static ProblemHttpResult UserNotFound(string userId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user", detail: $"There is no user '{userId}'.");

    private static ProblemHttpResult ActivityNotFound(string activityId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such activity", detail: $"There is no activity '{activityId}' for this user.");
}
