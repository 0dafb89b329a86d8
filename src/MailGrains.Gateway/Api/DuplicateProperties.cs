using System.Text.Json;

namespace MailGrains.Gateway.Api;

/// <summary>Finds the first member that a JSON object names twice, as a field path (<c>server.incoming.host</c>).</summary>
internal static class DuplicateProperties
{
    public static string? FindFirst(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var objects = new Stack<(HashSet<string> Names, string Path)>();
        var containers = new Stack<bool>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(([], ChildPath(objects, containers, pendingName)));
                        containers.Push(true);
                        pendingName = null;
                        break;
                    case JsonTokenType.StartArray:
                        containers.Push(false);
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        containers.Pop();
                        break;
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        pendingName = reader.GetString()!;
                        var (names, path) = objects.Peek();
                        if (!names.Add(pendingName))
                        {
                            return path.Length == 0 ? pendingName : $"{path}.{pendingName}";
                        }

                        break;
                    default:
                        pendingName = null;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or a name with an unpaired surrogate escape: the parse that follows reports it.
            return null;
        }

        return null;
    }

    private static string ChildPath(Stack<(HashSet<string> Names, string Path)> objects, Stack<bool> containers, string? name)
    {
        if (objects.Count == 0)
        {
            return "";
        }

        var parent = objects.Peek().Path;
        var inObject = containers.Count > 0 && containers.Peek();
        return inObject && name is not null ? (parent.Length == 0 ? name : $"{parent}.{name}") : parent;
    }
}
