using MailKit.Net.Imap;
using MailKit.Security;

namespace MailGrains.Testing;

/// <summary>
/// A mailbox on a test server that no other test run uses. On Dovecot (the default): a fresh user appended to
/// Dovecot's passwd-file (<c>NAME:{PLAIN}PASSWORD::::::</c>, as <c>deploy/local/mail-user.sh</c> writes it),
/// which Dovecot re-reads within a second, without a restart. On Cyrus and Courier: a user added by their
/// scripts (<c>deploy/local/cyrus.sh add-user</c>, <c>courier.sh add-user</c>), with INBOX, Drafts, Sent,
/// Trash and Junk. Disposing removes the user and its mail.
/// </summary>
public sealed record TestMailbox(string UserName, string Password) : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_fileLock = new(1, 1);

    /// <summary>The server that holds this mailbox.</summary>
    public TestMailServer Server { get; init; } = TestMailServer.Dovecot;

    public string Address => $"{UserName}@{TestServices.MailDomain}";

    private string Line => $"{UserName}:{{PLAIN}}{Password}::::::";

    public static async Task<TestMailbox> CreateAsync(string purpose)
    {
        var mailbox = new TestMailbox(FreshNames.MailUser(purpose), "pw-" + Guid.NewGuid().ToString("N")[..16]);
        await WithUsersFileAsync(() => File.AppendAllTextAsync(TestServices.MailUsersFile, mailbox.Line + "\n"));
        await Eventually.MatchesAsync(mailbox.CanLogInAsync, ok => ok, TimeSpan.FromSeconds(15), $"Dovecot to know {mailbox.UserName}");
        return mailbox;
    }

    /// <summary>A fresh mailbox on the given server (on Dovecot, the same as <see cref="CreateAsync(string)"/>).</summary>
    public static async Task<TestMailbox> CreateAsync(string purpose, TestMailServer server)
    {
        if (server.Kind == MailServerKind.Dovecot)
        {
            return await CreateAsync(purpose);
        }

        var mailbox = new TestMailbox(FreshNames.MailUser(purpose.ToLowerInvariant()), "pw-" + Guid.NewGuid().ToString("N")[..16]) { Server = server };
        await server.RunScriptAsync("add-user", mailbox.UserName, mailbox.Password);
        await Eventually.MatchesAsync(mailbox.CanLogInAsync, ok => ok, TimeSpan.FromSeconds(15), $"{server} to know {mailbox.UserName}");
        return mailbox;
    }

    /// <summary>Whether an IMAP login with this mailbox's credentials succeeds.</summary>
    public async Task<bool> CanLogInAsync()
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(TestServices.Host, Server.ImapPort, SecureSocketOptions.None);
        try
        {
            await imap.AuthenticateAsync(UserName, Password);
            return true;
        }
        catch (AuthenticationException)
        {
            return false;
        }
        finally
        {
            await imap.DisconnectAsync(quit: true);
        }
    }

    /// <summary>Makes Dovecot drop every open session of this mailbox, as a server does that logs idle clients out.</summary>
    public async Task KickSessionsAsync()
    {
        if (Server.Kind != MailServerKind.Dovecot)
        {
            throw new NotSupportedException($"Only the test Dovecot can drop a user's sessions, not {Server}.");
        }

        using var doveadm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("doveadm", ["-c", TestServices.DovecotConfigFile, "kick", UserName]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await doveadm.WaitForExitAsync();
        if (doveadm.ExitCode != 0)
        {
            throw new InvalidOperationException($"doveadm kick {UserName} failed: {await doveadm.StandardError.ReadToEndAsync()}");
        }
    }

    /// <summary>Many fresh mailboxes at once: one change of the passwd-file, one wait for Dovecot to read it.</summary>
    public static async Task<IReadOnlyList<TestMailbox>> CreateManyAsync(string purpose, int count)
    {
        var mailboxes = Enumerable.Range(0, count).Select(_ => new TestMailbox(FreshNames.MailUser(purpose), "pw-" + Guid.NewGuid().ToString("N")[..16])).ToList();
        await WithUsersFileAsync(() => File.AppendAllLinesAsync(TestServices.MailUsersFile, mailboxes.Select(m => m.Line)));
        await Eventually.MatchesAsync(mailboxes[^1].CanLogInAsync, ok => ok, TimeSpan.FromSeconds(15), $"Dovecot to know {mailboxes[^1].UserName}");
        return mailboxes;
    }

    /// <summary>Removes many mailboxes with one change of the passwd-file.</summary>
    public static async Task DisposeManyAsync(IEnumerable<TestMailbox> mailboxes)
    {
        var list = mailboxes.ToList();
        await RemoveUsersAsync(list.Select(m => m.Line).ToHashSet(StringComparer.Ordinal));
        foreach (var mailbox in list)
        {
            await mailbox.DeleteHomeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server.Kind != MailServerKind.Dovecot)
        {
            await Server.RunScriptAsync("delete-user", UserName);
            return;
        }

        await RemoveUsersAsync(new HashSet<string>(StringComparer.Ordinal) { Line });
        await DeleteHomeAsync();
    }

    private static Task RemoveUsersAsync(HashSet<string> lines) => WithUsersFileAsync(async () =>
    {
        // Replace the file in one rename, so that Dovecot never reads a half-written one.
        var current = await File.ReadAllLinesAsync(TestServices.MailUsersFile);
        var next = TestServices.MailUsersFile + ".next";
        await File.WriteAllLinesAsync(next, current.Where(l => !lines.Contains(l)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(next, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.Move(next, TestServices.MailUsersFile, overwrite: true);
    });

    private async Task DeleteHomeAsync()
    {
        // Dovecot may still be closing a session (index files appear while we delete): try a few times.
        var home = Path.Combine(TestServices.MailHomeRoot, UserName);
        for (var attempt = 1; Directory.Exists(home); attempt++)
        {
            try
            {
                Directory.Delete(home, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    /// <summary>
    /// Runs a change of the passwd-file under <c>users.lock</c>: test assemblies run in parallel processes,
    /// and <c>deploy/local/mail-user.sh</c> takes the same lock, so no change is lost to another.
    /// </summary>
    private static async Task WithUsersFileAsync(Func<Task> action)
    {
        await s_fileLock.WaitAsync();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                FileStream held;
                try
                {
                    held = new FileStream(TestServices.MailUsersFile + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                    continue;
                }

                await using (held)
                {
                    var before = File.GetLastWriteTimeUtc(TestServices.MailUsersFile);
                    await action();
                    // Dovecot notices a changed passwd-file by its mtime (whole seconds) and size. A removal and an
                    // append of lines of the same length within one second would look unchanged, and the new user
                    // would stay unknown: so every change moves the mtime on by at least a second.
                    var after = File.GetLastWriteTimeUtc(TestServices.MailUsersFile);
                    if (after < before.AddSeconds(1))
                    {
                        File.SetLastWriteTimeUtc(TestServices.MailUsersFile, before.AddSeconds(1));
                    }

                    return;
                }
            }
        }
        finally
        {
            s_fileLock.Release();
        }
    }
}
