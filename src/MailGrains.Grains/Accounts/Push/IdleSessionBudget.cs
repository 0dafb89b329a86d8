namespace MailGrains.Grains.Accounts.Push;

/// <summary>
/// The silo's budget of IMAP IDLE sessions (<see cref="Fetching.MailOptions.MaxIdleSessions"/>, read on every take so
/// that a changed setting applies): each is a connection held open for as long as the account pushes, and on some
/// servers a process. An account that finds no room polls.
/// </summary>
internal sealed class IdleSessionBudget(Func<int> max)
{
    private int _inUse;

    /// <summary>How many IDLE sessions the silo holds now.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Takes a place; false when the budget is used up.</summary>
    public bool TryTake()
    {
        var limit = max();
        while (true)
        {
            var inUse = Volatile.Read(ref _inUse);
            if (inUse >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inUse, inUse + 1, inUse) == inUse)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a place back, once per <see cref="TryTake"/> that succeeded.</summary>
    public void Return() => Interlocked.Decrement(ref _inUse);
}
