namespace MailGrains.Grains.Fetching;

/// <summary>A fetch ran past <see cref="MailOptions.MaxFetchSeconds"/> and was stopped; the next one goes on from where it stopped.</summary>
internal sealed class FetchDeadlineException(int seconds)
    : TimeoutException($"The fetch took longer than {seconds} seconds and was stopped; what it stored is kept and the next fetch goes on from there.")
{
}
