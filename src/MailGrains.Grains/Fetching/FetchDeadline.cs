namespace MailGrains.Grains.Fetching;

/// <summary>A fetch that ran past <see cref="MailOptions.MaxFetchSeconds"/> is stopped; the next one goes on from where it stopped.</summary>
internal static class FetchDeadline
{
    public static string Sentence(int seconds)
        => $"The fetch took longer than {seconds} seconds and was stopped; what it stored is kept and the next fetch goes on from there.";
}
