using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace MailGrains.Grains.Tests.Accounts;

/// <summary>
/// Records every grain call that arrives at a silo with a watched password in plain text in its arguments or its
/// result, as Orleans serializes them for the wire (strings as UTF-8). An incoming call filter; it watches once
/// <see cref="Watch"/> named the password.
/// </summary>
internal sealed class PasswordWatch
{
    private readonly ConcurrentQueue<string> _leaks = new();
    private byte[]? _password;

    /// <summary>The calls that carried the password: method name and whether in an argument or the result.</summary>
    public IReadOnlyList<string> Leaks => [.. _leaks];

    public void Watch(string password) => Volatile.Write(ref _password, Encoding.UTF8.GetBytes(password));

    public void Clear() => _leaks.Clear();

    public void AddTo(ISiloBuilder silo)
        => silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => new Filter(this, sp.GetRequiredService<Serializer>()));

    /// <summary>A cancellation token is not serialized as a value (Orleans carries its cancellation separately).</summary>
    private void Check(Serializer serializer, object? value, string where)
    {
        if (Volatile.Read(ref _password) is { } password && value is not (null or CancellationToken) && serializer.SerializeToArray(value).AsSpan().IndexOf(password) >= 0)
        {
            _leaks.Enqueue(where);
        }
    }

    private sealed class Filter(PasswordWatch watch, Serializer serializer) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            var method = context.InterfaceMethod?.Name ?? context.Request.GetMethodName();
            for (var i = 0; i < context.Request.GetArgumentCount(); i++)
            {
                watch.Check(serializer, context.Request.GetArgument(i), $"{method} argument {i}");
            }

            await context.Invoke();
            watch.Check(serializer, context.Result, $"{method} result");
        }
    }
}
