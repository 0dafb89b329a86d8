namespace MailGrains.Mail;

/// <summary>Consecutive runs of items, each at most a count and about a number of bytes (one larger item goes alone).</summary>
internal static class SizeBoundedChunks
{
    public static IEnumerable<List<T>> Of<T>(IEnumerable<T> items, Func<T, long> size, int maxCount, long maxBytes)
    {
        var chunk = new List<T>();
        long bytes = 0;
        foreach (var item in items)
        {
            var itemBytes = size(item);
            if (chunk.Count > 0 && (chunk.Count >= maxCount || bytes + itemBytes > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(item);
            bytes += itemBytes;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
