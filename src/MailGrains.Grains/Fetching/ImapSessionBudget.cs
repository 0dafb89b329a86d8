using MailGrains.Mail.Connections;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Fetching;

/// <summary>How many IMAP sessions this silo keeps open between polls at most (<see cref="MailOptions.MaxKeptImapSessions"/>); hands out each account's slot.</summary>
internal sealed class ImapSessionBudget(IOptions<MailOptions> options, MailConnector connector)
{
    /// <summary>A slot for one account's kept session, to be disposed with the account's activation.</summary>
    public ImapSessionSlot NewSlot() => new(connector, this);

    private int _kept;

    public int Kept => Volatile.Read(ref _kept);

    public bool TryTake()
    {
        var max = options.Value.MaxKeptImapSessions;
        while (true)
        {
            var kept = Volatile.Read(ref _kept);
            if (kept >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _kept, kept + 1, kept) == kept)
            {
                return true;
            }
        }
    }

    public void Return() => Interlocked.Decrement(ref _kept);
}
