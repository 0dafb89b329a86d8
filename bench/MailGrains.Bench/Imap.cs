using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace MailGrains.Bench;

/// <summary>Bare MailKit sessions on the bench Dovecot (plain IMAP on loopback), for seeding and for the ceilings.</summary>
public static class Imap
{
    public static async Task<ImapClient> ConnectAsync(BenchEnvironment env, MailUser user, CancellationToken cancellationToken = default)
    {
        var imap = new ImapClient();
        try
        {
            await imap.ConnectAsync(env.MailHost, env.ImapPort, SecureSocketOptions.None, cancellationToken);
            await imap.AuthenticateAsync(user.Name, user.Password, cancellationToken);
            return imap;
        }
        catch
        {
            imap.Dispose();
            throw;
        }
    }

    public static async Task<bool> CanLogInAsync(BenchEnvironment env, MailUser user)
    {
        try
        {
            using var imap = await ConnectAsync(env, user);
            await imap.DisconnectAsync(quit: true);
            return true;
        }
        catch (AuthenticationException)
        {
            return false;
        }
    }

    /// <summary>Fills each user's INBOX by MULTIAPPEND in chunks (several users at once); returns the bytes appended.</summary>
    public static async Task<long> SeedAsync(BenchEnvironment env, IEnumerable<MailUser> users, int count, Func<int, byte[]> message, int chunk)
    {
        long bytes = 0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (user, cancellationToken) =>
        {
            using var imap = await ConnectAsync(env, user, cancellationToken);
            for (var start = 0; start < count; start += chunk)
            {
                var requests = new List<IAppendRequest>();
                for (var n = start; n < Math.Min(count, start + chunk); n++)
                {
                    var raw = message(n);
                    Interlocked.Add(ref bytes, raw.Length);
                    requests.Add(new AppendRequest(MimeMessage.Load(new MemoryStream(raw), cancellationToken)));
                }

                await imap.Inbox.AppendAsync(requests, cancellationToken);
            }

            await imap.DisconnectAsync(quit: true, cancellationToken);
        });
        return bytes;
    }
}
