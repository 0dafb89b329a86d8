namespace MailGrains.Gateway.Api;

/// <summary>
/// Loads the entries of a directory list, one grain call each, best effort: an entry whose grain does not answer
/// within <see cref="EntryTimeout"/> (an account busy with a long fetch, say) is listed as unavailable instead of
/// failing or stalling the whole list. Lists are bounded by the tenant quotas and may be paged (<see cref="ListPage"/>).
/// </summary>
internal static class ListFanOut
{
    public static readonly TimeSpan EntryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The documents in directory order; entries that no longer exist are left out.</summary>
    public static async Task<object[]> LoadAsync<T>(IEnumerable<string> ids, Func<string, Task<T?>> load, Func<string, T, object> document)
        where T : class
    {
        var entries = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return await load(id).WaitAsync(EntryTimeout) is { } value ? document(id, value) : null;
            }
            catch (TimeoutException)
            {
                return new UnavailableEntry(id, $"Did not answer within {EntryTimeout.TotalSeconds:0} s (busy); try again or read it on its own.");
            }
        }));
        return [.. entries.OfType<object>()];
    }
}

/// <summary>A list entry that could not be read in time: its id and why.</summary>
public sealed record UnavailableEntry(string Id, string Unavailable);
