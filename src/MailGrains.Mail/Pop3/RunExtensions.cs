namespace MailGrains.Mail.Pop3;

/// <summary>Runs of consecutive items that share a key.</summary>
internal static class RunExtensions
{
    public static IEnumerable<(bool Key, List<int> Items)> ChunkBy(this IEnumerable<int> items, Func<int, bool> key)
    {
        List<int>? run = null;
        var runKey = false;
        foreach (var item in items)
        {
            var k = key(item);
            if (run is not null && k != runKey)
            {
                yield return (runKey, run);
                run = null;
            }

            run ??= [];
            runKey = k;
            run.Add(item);
        }

        if (run is not null)
        {
            yield return (runKey, run);
        }
    }
}
