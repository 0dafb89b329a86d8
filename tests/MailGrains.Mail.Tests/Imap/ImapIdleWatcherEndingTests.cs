using MailGrains.Mail.Connections;
using MailGrains.Mail.Errors;
using MailGrains.Mail.Imap.Idle;
using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// How a watch ends: a refused login ends it with an authentication error and no second try, a server without IDLE
/// at once as unsupported, and stopping it ends the IDLE and logs out.
/// </summary>
public sealed class ImapIdleWatcherEndingTests
{
    [Fact]
    public async Task AWrongPasswordEndsTheWatchWithAnAuthenticationErrorWithoutTryingAgain()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idleauth");
        using var logs = new CapturedLogs();
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox, wrong), "INBOX", logger: logs.CreateLogger("idle"));

        var error = await Assert.ThrowsAsync<MailException>(() => watch.Ending);

        Assert.Equal(MailErrorKind.Auth, error.Error.Kind);
        Assert.Equal((0, 0), (watch.Progress.SessionsOpened, watch.Calls));
        var line = Assert.Single(logs.Lines); // the one line saying it ended; no reconnection was logged
        Assert.Contains("reconnecting would not help", line, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerWithoutIdleEndsTheWatchAtOnceAsUnsupported()
    {
        // Scripted, because every test server (Dovecot, Cyrus, Courier) offers IDLE.
        await using var server = ScriptedImap.Start("UIDPLUS");
        await using var watch = RunningWatch.Start(new MailEndpoint("127.0.0.1", server.Port, TransportSecurity.None, "user", "secret"), "INBOX");

        Assert.Equal(IdleOutcome.Unsupported, await watch.Ending);

        Assert.Equal(1, server.Connections);
        Assert.DoesNotContain(server.Lines, l => l.Contains("EXAMINE", StringComparison.OrdinalIgnoreCase) || l.Contains("IDLE", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(server.Lines, l => l.EndsWith("LOGOUT", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task StoppingEndsTheIdleAndLogsOut()
    {
        // Scripted, so that the commands the watcher sends on stopping can be read back.
        await using var server = ScriptedImap.Start("IDLE");
        await using var watch = RunningWatch.Start(new MailEndpoint("127.0.0.1", server.Port, TransportSecurity.None, "user", "secret"), "INBOX");
        await watch.UntilIdlingAsync();
        await Eventually.MatchesAsync(() => Task.FromResult(server.Lines), l => l.Count > 0 && l[^1].EndsWith("IDLE", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the IDLE command to reach the server");

        Assert.Equal(IdleOutcome.Stopped, await watch.StopAsync());

        Assert.Equal(IdleWatchState.Ended, watch.Progress.State);
        Assert.Equal(["DONE", "LOGOUT"], server.Lines.TakeLast(2).Select(l => l.Split(' ')[^1]));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task AFolderThatDoesNotExistEndsTheWatchWithAFolderError()
    {
        await using var mailbox = await TestMailbox.CreateAsync("idlefolder");
        await using var watch = RunningWatch.Start(RunningWatch.EndpointOf(mailbox), "NoSuchFolder");

        var error = await Assert.ThrowsAsync<MailException>(() => watch.Ending);

        Assert.Equal(MailErrorKind.Folder, error.Error.Kind);
        Assert.Equal(1, watch.Progress.SessionsOpened);
    }
}
