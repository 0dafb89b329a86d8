using System.Reflection;
using MailGrains.Accounts;
using MailGrains.Grains.Accounts;

namespace MailGrains.Grains.Tests.Secrets;

/// <summary>
/// No grain call can answer with a plaintext password: every grain interface method of the abstractions and of the
/// silos is walked (its result type, its properties, their element and generic types, and the types derived from
/// them), and none holds a text property named like a password. Encrypted credentials are not text.
/// </summary>
public sealed class GrainResultPasswordTests
{
    private static readonly Assembly[] s_assemblies = [typeof(IMailAccountGrain).Assembly, typeof(IAccountServerAccess).Assembly];

    [Fact]
    public void NoGrainInterfaceMethodReturnsATypeThatCarriesAPlaintextPassword()
    {
        var methods = GrainMethods().ToList();

        var leaks = methods.SelectMany(m => PasswordPaths(m.ReturnType).Select(path => $"{m.DeclaringType!.Name}.{m.Name}: {path}")).ToList();

        Assert.Contains(methods, m => m.Name == nameof(IAccountServerAccess.GetServerAccessAsync));
        Assert.Contains(methods, m => m.Name == nameof(IMailAccountGrain.GetAsync));
        Assert.Empty(leaks);
    }

    [Fact]
    public void TheScanFindsAPasswordNestedInACollectionOfADerivedResult()
        => Assert.Equal(["Task`1 > Leaky > List`1 > Derived.OutgoingPassword"], PasswordPaths(typeof(Task<Leaky>)));

    private static IEnumerable<MethodInfo> GrainMethods()
        => s_assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && t.Namespace?.StartsWith("MailGrains", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods());

    /// <summary>Where in <paramref name="type"/> a text property named like a password sits, as a readable path.</summary>
    private static List<string> PasswordPaths(Type type)
    {
        var found = new List<string>();
        Walk(type, type.Name, new HashSet<Type>(), found);
        return found;
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> found)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || !seen.Add(type))
        {
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path, seen, found);
            return;
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Walk(argument, $"{path} > {argument.Name}", seen, found);
        }

        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return;
        }

        foreach (var derived in s_assemblies.Append(typeof(GrainResultPasswordTests).Assembly).SelectMany(a => a.GetTypes()).Where(t => t != type && type.IsAssignableFrom(t)))
        {
            Walk(derived, $"{path[..(path.LastIndexOf(type.Name, StringComparison.Ordinal))]}{derived.Name}", seen, found);
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(string) && property.Name.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                found.Add($"{path}.{property.Name}");
            }

            Walk(property.PropertyType, $"{path} > {property.PropertyType.Name}", seen, found);
        }
    }

    /// <summary>A result shaped the way a leak would hide: a password on a derived type, inside a list.</summary>
    private sealed record Leaky(List<Base> Items);

    private record Base(string Name);

    private sealed record Derived(string Name, string? OutgoingPassword) : Base(Name);
}
