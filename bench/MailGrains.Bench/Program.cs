using System.Diagnostics;
using System.Runtime.InteropServices;
using MailGrains.Bench;
using MailGrains.Bench.Sections;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var clock = Stopwatch.StartNew();
var header = $"Machine: {Machine.Describe()}{(options.Quick ? " (--quick run)" : "")}.";
Console.WriteLine(header);
Console.WriteLine();
if (options.OutputFile is { } file)
{
    await File.WriteAllTextAsync(file, header + Environment.NewLine + Environment.NewLine);
}

var failed = false;
await using (var run = new BenchRun(options, BenchEnvironment.FromVariables()))
{
    (string Name, Func<Task<IReadOnlyList<ResultTable>>> Run)[] sections =
    [
        ("ingest", () => IngestSection.RunAsync(run)),
        ("idle", async () => [await IdleSection.RunAsync(run)]),
        ("polling", async () => [await PollingSection.RunAsync(run)]),
        ("boot", async () => [await BootSection.RunAsync(run)]),
        ("realtime", () => RealtimeSection.RunAsync(run)),
    ];
    foreach (var (name, section) in sections.Where(s => options.Sections.Contains(s.Name)))
    {
        IReadOnlyList<ResultTable> tables;
        try
        {
            tables = await section();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One broken section must not lose the others' results.
            failed = true;
            BenchRun.Log($"{name} failed: {ex}");
            var broken = new ResultTable($"{name}: failed");
            broken.Note($"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            tables = [broken];
        }

        foreach (var table in tables)
        {
            Console.WriteLine(table.ToMarkdown());
            if (options.OutputFile is { } output)
            {
                await File.AppendAllTextAsync(output, table.ToMarkdown() + Environment.NewLine);
            }
        }
    }
}

BenchRun.Log($"the bench took {clock.Elapsed.TotalMinutes:0.0} min");
return failed ? 1 : 0;

/// <summary>The machine line of a report: cores, memory, CPU model, OS, runtime; never a host name or path.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores{(model is null ? "" : $" ({model})")}, {memory:0} GiB, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }
}
