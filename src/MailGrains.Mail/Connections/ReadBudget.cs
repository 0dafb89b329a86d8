namespace MailGrains.Mail.Connections;

/// <summary>
/// How many bytes a mail server may send in answer to one command. MailKit holds a whole response literal (a
/// message body, a greeting line) in memory before handing it over, so a server that announces one size and sends
/// endless bytes would fill the silo's memory. Each command the client writes grants <see cref="PerResponseBytes"/>
/// again, or the larger allowance a fetch set for its batch (<see cref="Allow"/>); a server that sends more is cut off.
/// </summary>
public sealed class ReadBudget(long perResponseBytes)
{
    private long _allowance;
    private long _remaining = perResponseBytes;

    /// <summary>What any response may take, unless a larger allowance is set.</summary>
    public long PerResponseBytes { get; } = perResponseBytes;

    /// <summary>Lets the responses to the next commands take up to <paramref name="bytes"/> each (e.g. a batch of bodies by their announced sizes).</summary>
    public void Allow(long bytes)
    {
        Interlocked.Exchange(ref _allowance, bytes);
        Interlocked.Exchange(ref _remaining, Math.Max(bytes, PerResponseBytes));
    }

    /// <summary>Back to <see cref="PerResponseBytes"/> per response.</summary>
    public void Reset() => Allow(0);

    internal void Written() => Interlocked.Exchange(ref _remaining, Math.Max(Interlocked.Read(ref _allowance), PerResponseBytes));

    internal void Read(int bytes)
    {
        if (Interlocked.Add(ref _remaining, -bytes) < 0)
        {
            throw new ServerSentTooMuchException(Math.Max(Interlocked.Read(ref _allowance), PerResponseBytes));
        }
    }
}

/// <summary>A mail server sent more in one response than the client allowed (<see cref="ReadBudget"/>); the connection is dropped.</summary>
public sealed class ServerSentTooMuchException(long limit)
    : IOException($"The server sent more than {limit:N0} bytes in one response, more than it announced; the connection was dropped.")
{
}
