using System.ComponentModel;
using MailGrains.Activities;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
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
        const string Activity = "/{userId:mgid}/activities/{activityId:activityid}";
        var users = endpoints.MapGroup("/v1/users").WithTags("Activities").RequireAuthorization(Roles.TenantAdmin);
        users.MapGet("/{userId}/activities", ListAsync).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapGet(Activity, GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost(Activity + "/spam", MarkSpamAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        users.MapGet(Activity + "/raw", GetRawAsync)
            .Produces(StatusCodes.Status200OK, contentType: "message/rfc822")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Ok<ActivityPageDocument>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [MailGrainsId] string userId,
        string? folder,
        [Description("Items per page, 1 to 200; 50 when left out.")] string? limit,
        string? cursor,
        [AsParameters] TenantScope scope)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ActivityFolder? view = folder switch
        {
            null or "inbox" => ActivityFolder.Inbox,
            "sent" => ActivityFolder.Sent,
            "spam" => ActivityFolder.Spam,
            _ => null,
        };
        if (view is null)
        {
            errors["folder"] = ["One of inbox, sent, spam."];
        }

        // Parsed here rather than bound as a number, so that "abc" is a field error like "0" instead of a bare 400.
        var pageSize = ListPage.ParseCount(limit);
        if (pageSize is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"1 to {MaxLimit}."];
        }

        if (cursor is not null && !IsCursor(cursor))
        {
            errors["cursor"] = ["Pass back the nextCursor of the previous page unchanged."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var user = scope.User(userId);
        if (await user.GetProfileAsync() is null)
        {
            return Problems.NoSuchUser(userId);
        }

        var page = await user.ListActivitiesAsync(view!.Value, pageSize ?? DefaultLimit, cursor);
        return TypedResults.Ok(new ActivityPageDocument([.. page.Items.Select(ActivityItem.Of)], page.NextCursor));
    }

    private static async Task<Results<Ok<ActivityDocument>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string userId,
        string activityId,
        [Description("'html' adds the HTML body as received (unsanitised: never show it as it is). Without it, html is null; safeHtml is always there.")] string? include,
        [AsParameters] TenantScope scope)
    {
        if (include is not (null or IncludeHtml))
        {
            return Problems.Invalid("include", $"Only '{IncludeHtml}', or leave it out.");
        }

        return await scope.User(userId).GetActivityAsync(activityId) is { } detail
            ? TypedResults.Ok(ActivityDocument.Of(detail, includeHtml: include == IncludeHtml))
            : Problems.NoSuchActivity(activityId);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetRawAsync(
        string userId, string activityId, [AsParameters] TenantScope scope)
        => await scope.User(userId).GetRawAsync(activityId) is { } raw
            ? TypedResults.Bytes(raw, "message/rfc822", $"{activityId}.eml")
            : Problems.NoSuchActivity(activityId);

    private static async Task<Results<Accepted, ProblemHttpResult>> MarkSpamAsync(
        string userId, string activityId, [AsParameters] TenantScope scope)
    {
        var result = await scope.User(userId).MarkSpamAsync(activityId);
        return result.Outcome switch
        {
            SpamOutcome.Marked => TypedResults.Accepted($"/v1/users/{userId}/activities/{activityId}"),
            SpamOutcome.NotFound => Problems.NoSuchActivity(activityId),
            SpamOutcome.NeedsImap => Problems.Conflict(
                "Spam marking needs IMAP",
                "This activity came from a POP3 account: the message is no longer on the server, "
                + "so it cannot be moved to a spam folder."),
            _ => Problems.Status(
                StatusCodes.Status502BadGateway, "The mail server did not move the message", result.Error),
        };
    }

    private static bool IsCursor(string cursor)
    {
        Span<byte> buffer = stackalloc byte[1024];
        return cursor.Length <= 1300 && Convert.TryFromBase64String(cursor, buffer, out _);
    }
}
