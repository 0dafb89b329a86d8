using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailGrains.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MailGrains.Gateway.Accounts;

/// <summary>
/// Tenant admin routes for an account's folder cursors: how far each synced folder has been read, and moving one
/// (the next fetch reads the folder's mail after it). A cursor is sync state, not configuration: moving one leaves
/// the account's version as it is.
/// </summary>
internal static class CursorEndpoints
{
    public static IEndpointRouteBuilder MapCursors(this IEndpointRouteBuilder endpoints)
    {
        var cursors = endpoints.MapGroup("/v1/accounts/{accountId:mgid}/cursors")
            .WithTags("Accounts")
            .RequireAuthorization(Roles.TenantAdmin);
        cursors.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status404NotFound);
        cursors.MapPut("/{**folder}", MoveAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Ok<CursorDocument[]>, ProblemHttpResult>> ListAsync(
        string accountId, [AsParameters] TenantScope scope)
        => await scope.Account(accountId).GetAsync() is { } view
            ? TypedResults.Ok(CursorDocument.AllOf(view))
            : Problems.NoSuchAccount(accountId);

    private static async Task<Results<Ok<CursorDocument>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        string accountId,
        [Description("The folder's name as in imap.folders, percent-encoded; a '/' in it may be sent as is.")]
        [FromRoute(Name = "folder")] string folderInPath,
        CursorMoveRequest move,
        [AsParameters] TenantScope scope)
    {
        var folder = FolderName(folderInPath);
        var result = await scope.Account(accountId).MoveCursorAsync(folder, (uint)move.LastUid!.Value);
        return result.Outcome switch
        {
            CursorMoveOutcome.Moved => TypedResults.Ok(CursorDocument.Of(folder, result.Position!)),
            CursorMoveOutcome.NoAccount => Problems.NoSuchAccount(accountId),
            _ => Problems.NoSuchFolder(accountId, folder),
        };
    }

    /// <summary>
    /// The server decodes a path except for <c>%2F</c>, which it leaves so that it cannot change which route
    /// matches; after routing it is a '/' of the folder's name. (So a name holding the text "%2F" itself cannot be
    /// named here; <c>advanced.lastUids</c> of the account document can.)
    /// </summary>
    private static string FolderName(string inPath) => inPath.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>How far one synced folder has been read: the UIDVALIDITY it was read under (0 until it is first read) and the last UID stored.</summary>
public sealed record CursorDocument(string Folder, uint UidValidity, uint LastUid)
{
    /// <summary>Every folder the account syncs, in the order of <c>imap.folders</c>, each with its cursor.</summary>
    internal static CursorDocument[] AllOf(AccountView view)
        => [.. view.Configuration.Receiving.SyncedFolders.Select(
            f => Of(f, view.Cursors.GetValueOrDefault(f) ?? new FolderPosition(0, 0)))];

    internal static CursorDocument Of(string folder, FolderPosition position)
        => new(folder, position.UidValidity, position.LastUid);
}

/// <summary>Where to move a folder's cursor.</summary>
public sealed class CursorMoveRequest
{
    /// <summary>The last UID taken as read: the next fetch reads the messages after it; 0 reads the folder again from the start (without storing anything twice).</summary>
    [Required(ErrorMessage = "Required: a UID 0 to 4294967294.")]
    [Range(0, AccountDocument.MaxLastUid, ErrorMessage = "A UID 0 to 4294967294.")]
    public long? LastUid { get; set; }
}
