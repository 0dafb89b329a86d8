using MailGrains.Mail.Connections;

namespace MailGrains.Mail.Imap;

/// <summary>
/// The silo's budget of IMAP sessions kept open between polls (at most <c>maxKept</c>, read on every take so that a
/// changed setting applies); hands out each account's <see cref="KeptImapSession"/>.
/// </summary>
public sealed class ImapSessionKeeper(MailConnector connector, Func<int> maxKept)
{
    private int _kept;

    /// <summary>How many sessions are kept open now.</summary>
    public int Kept => Volatile.Read(ref _kept);

    /// <summary>A slot for one account's kept session, to be disposed with the account's activation.</summary>
    public KeptImapSession NewSession() => new(connector, this);

    internal bool TryTake()
    {
        var max = maxKept();
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

    internal void Return() => Interlocked.Decrement(ref _kept);
}
