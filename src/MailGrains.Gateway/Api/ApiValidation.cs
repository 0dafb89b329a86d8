using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

namespace MailGrains.Gateway.Api;

/// <summary>
/// Request validation by the framework (<c>AddValidation</c>: data annotations and <see cref="IValidatableObject"/>,
/// source generated), answered as 400 problem+json whose <c>errors</c> map names each field by its JSON path.
/// </summary>
internal static partial class ApiValidation
{
    public static IServiceCollection AddApiValidation(this IServiceCollection services)
    {
        services.AddValidation();
        return services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails problem)
            {
                problem.Title = Problems.InvalidTitle;
                foreach (var (key, messages) in problem.Errors.ToArray())
                {
                    problem.Errors.Remove(key);
                    problem.Errors[JsonPath(key)] = messages;
                }
            }
        });
    }

    /// <summary>Validates <paramref name="value"/> as if it had been bound (a patched document).</summary>
    public static async Task<Dictionary<string, string[]>?> ValidateAsync<T>(T value, IServiceProvider services)
        where T : class
    {
        var options = services.GetRequiredService<IOptions<ValidationOptions>>().Value;
        if (!options.TryGetValidatableTypeInfo(typeof(T), out var info))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has no validation rules.");
        }

        var context = new ValidateContext
        {
            ValidationOptions = options,
            ValidationContext = new ValidationContext(value, services, null),
        };
        await info.ValidateAsync(value, context, CancellationToken.None);
        return context.ValidationErrors is { Count: > 0 } errors ? errors : null;
    }

    /// <summary>
    /// The framework names a field by its C# path (<c>Defaults.Permissions[1].UserId</c>); the API by its JSON path
    /// (<c>defaults.permissions[1].userId</c>). Leading C# property names are camel-cased; from the first segment that
    /// is none (a JSON path a rule wrote, a folder name, a header) the key is kept as it is.
    /// </summary>
    public static string JsonPath(string key)
    {
        var segments = key.Split('.');
        for (var i = 0; i < segments.Length && ClrSegment().IsMatch(segments[i]); i++)
        {
            segments[i] = char.ToLowerInvariant(segments[i][0]) + segments[i][1..];
        }

        return string.Join('.', segments);
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\[[0-9]+\])*\z")]
    private static partial Regex ClrSegment();
}
