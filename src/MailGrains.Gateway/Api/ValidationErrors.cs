namespace MailGrains.Gateway.Api;

/// <summary>Collects field errors keyed by the field's JSON path (<c>server.incoming.host</c>).</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors AddAll(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }

        return this;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>400 problem+json with the <c>errors</c> map.</summary>
    public IResult ToProblem() => TypedResults.ValidationProblem(ToDictionary(), title: "The request has invalid fields.");

    /// <summary>Checks a route id; adds an error naming <paramref name="field"/> when it is malformed.</summary>
    public ValidationErrors RequireId(string field, string? value)
        => Ids.IsValid(value) ? this : Add(field, $"Must be {Ids.Rule}.");
}
