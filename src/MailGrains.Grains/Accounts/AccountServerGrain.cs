using MailGrains.Accounts;
using MailGrains.Activities;
using MailGrains.Grains.Secrets;
using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap;
using MailGrains.Mail.Probes;

namespace MailGrains.Grains.Accounts;

/// <summary>
/// On-demand work on an account's servers, off the account grain. It reads the account's settings and still-encrypted
/// credentials (<see cref="IAccountServerAccess"/>, which answers even during a fetch) and unprotects the passwords
/// here, where it dials, so no plaintext password is a grain call's result. Stateless, so checks and spam moves run
/// at once on whichever silo the call arrives (<see cref="ReentrantAttribute"/>: each call has its own connection and
/// there is no state to guard), and a user grain waiting for a spam move never waits for the account's fetch, which
/// may itself be waiting for that user grain.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class AccountServerGrain(SecretProtector secrets, IServerProbe probe, ISpamMover spamMover) : Grain, IAccountServerGrain
{
    private string AccountKey => this.GetPrimaryKeyString();

    public async Task<ConnectionTest?> TestConnectionsAsync()
    {
        if (await AccessAsync() is not { } access)
        {
            return null;
        }

        var configuration = access.Configuration;
        var grain = GrainFactory.GetGrain<IAccountServerAccess>(AccountKey);
        var incomingCheck = CheckAsync(() => access.IncomingAsync(grain, secrets, AccountKey), "No incoming server is set.", configuration.Receiving.Protocol == MailProtocol.Pop3 ? probe.CheckPop3Async : probe.CheckImapAsync);
        var outgoingCheck = CheckAsync(() => access.OutgoingAsync(grain, secrets, AccountKey), "No outgoing server is set.", probe.CheckSmtpAsync);
        return new ConnectionTest(await incomingCheck, await outgoingCheck);
    }

    public async Task<ServerFolderList?> ListServerFoldersAsync()
    {
        if (await AccessAsync() is not { } access)
        {
            return null;
        }

        if (access.Configuration.Receiving.Protocol != MailProtocol.Imap)
        {
            return new ServerFolderList([], "POP3 has no folders; folders are listed for IMAP accounts.");
        }

        try
        {
            var endpoint = await access.IncomingAsync(GrainFactory.GetGrain<IAccountServerAccess>(AccountKey), secrets, AccountKey);
            var folders = await probe.ListFoldersAsync(endpoint);
            return new ServerFolderList([.. folders.Select(f => new ServerFolder(f.Name, f.SpecialUse, f.Messages))], null);
        }
        catch (MailException failed)
        {
            return new ServerFolderList([], failed.Error.Sentence);
        }
    }

    public async Task<SpamResult> MoveToSpamAsync(ServerLocation location, string? messageId)
    {
        if (await AccessAsync() is not { Configuration.Receiving.Protocol: MailProtocol.Imap } access)
        {
            return new SpamResult(SpamOutcome.NeedsImap);
        }

        MailEndpoint endpoint;
        try
        {
            endpoint = await access.IncomingAsync(GrainFactory.GetGrain<IAccountServerAccess>(AccountKey), secrets, AccountKey);
        }
        catch (MailException failed)
        {
            return new SpamResult(SpamOutcome.ServerFailed, failed.Error.Sentence);
        }

        try
        {
            var outcome = await spamMover.MoveAsync(endpoint, access.Configuration.Receiving.SpamFolder, new MessageLocation(location.Folder, location.UidValidity, location.Uid), messageId);
            return outcome switch
            {
                SpamMoveOutcome.Moved or SpamMoveOutcome.AlreadyInSpam => new SpamResult(SpamOutcome.Marked),
                SpamMoveOutcome.NoSpamFolder => new SpamResult(SpamOutcome.ServerFailed, $"{endpoint.Host} has no spam folder: set imap.spamFolder for this account."),
                _ => new SpamResult(SpamOutcome.ServerFailed, $"The message is no longer in '{location.Folder}' on {endpoint.Host}."),
            };
        }
        catch (MailException failed)
        {
            return new SpamResult(SpamOutcome.ServerFailed, failed.Error.Sentence);
        }
    }

    private Task<ServerAccess?> AccessAsync() => GrainFactory.GetGrain<IAccountServerAccess>(AccountKey).GetServerAccessAsync();

    private static async Task<ConnectionCheck> CheckAsync(Func<Task<MailEndpoint>> endpointOf, string noServer, Func<MailEndpoint, CancellationToken, Task> check)
    {
        try
        {
            var endpoint = await endpointOf();
            if (string.IsNullOrEmpty(endpoint.Host))
            {
                return new ConnectionCheck(false, noServer);
            }

            await check(endpoint, CancellationToken.None);
            return new ConnectionCheck(true, null);
        }
        catch (MailException failed)
        {
            return new ConnectionCheck(false, failed.Error.Sentence);
        }
    }
}
