namespace MailGrains.Bench;

/// <summary>
/// Bench mailboxes: Dovecot users added in bulk to its passwd-file (<c>NAME:{PLAIN}PASSWORD::::::</c>) under the
/// same <c>users.lock</c> as <c>mail-user.sh</c> and the tests, and removed again with their mail at the end.
/// </summary>
public sealed class MailUsers(BenchEnvironment env, string runId) : IAsyncDisposable
{
    private readonly List<MailUser> _added = [];

    public IReadOnlyList<MailUser> All => _added;

    /// <summary>Adds <paramref name="count"/> users named <c>b{run}{purpose}{n}</c>; Dovecot knows them once a login succeeds.</summary>
    public async Task<IReadOnlyList<MailUser>> AddAsync(string purpose, int count)
    {
        var users = Enumerable.Range(0, count).Select(n => new MailUser($"b{runId}{purpose}{n}", "pw" + runId + n)).ToList();
        await WithUsersFileAsync(() => File.AppendAllLinesAsync(env.UsersFile, users.Select(u => u.Line)));
        _added.AddRange(users);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await Imap.CanLogInAsync(env, users[^1]))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Dovecot does not know {users[^1].Name} after 20 s.");
            }

            await Task.Delay(200);
        }

        return users;
    }

    public async ValueTask DisposeAsync()
    {
        if (_added.Count == 0)
        {
            return;
        }

        var ours = _added.Select(u => u.Line).ToHashSet();
        await WithUsersFileAsync(async () =>
        {
            // One rename, so that Dovecot never reads a half-written file.
            var keep = (await File.ReadAllLinesAsync(env.UsersFile)).Where(l => !ours.Contains(l)).ToList();
            var next = env.UsersFile + ".next";
            await File.WriteAllLinesAsync(next, keep);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(next, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.Move(next, env.UsersFile, overwrite: true);
        });
        await Parallel.ForEachAsync(_added, new ParallelOptions { MaxDegreeOfParallelism = 4 }, (user, _) =>
        {
            var home = Path.Combine(env.MailHomeRoot, user.Name);
            try
            {
                if (Directory.Exists(home))
                {
                    Directory.Delete(home, recursive: true);
                }
            }
            catch (IOException)
            {
                // A session still closing may add an index file; the state folder is the bench's own.
            }

            return ValueTask.CompletedTask;
        });
        _added.Clear();
    }

    private async Task WithUsersFileAsync(Func<Task> action)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            FileStream held;
            try
            {
                held = new FileStream(env.UsersFile + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
                continue;
            }

            await using (held)
            {
                await action();
                return;
            }
        }
    }
}

/// <summary>One Dovecot user of the bench.</summary>
public sealed record MailUser(string Name, string Password)
{
    public string Line => $"{Name}:{{PLAIN}}{Password}::::::";
}
