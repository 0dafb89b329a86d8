using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
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
var tables = new List<ResultTable>();
await using (var run = new BenchRun(options, BenchEnvironment.FromVariables()))
{
    if (options.Sections.Contains("ingest"))
    {
        tables.AddRange(await IngestSection.RunAsync(run));
    }

    if (options.Sections.Contains("idle"))
    {
        tables.Add(await IdleSection.RunAsync(run));
    }

    if (options.Sections.Contains("polling"))
    {
        tables.Add(await PollingSection.RunAsync(run));
    }

    if (options.Sections.Contains("boot"))
    {
        tables.Add(await BootSection.RunAsync(run));
    }
}

var report = new StringBuilder();
report.AppendLine($"Machine: {Machine.Describe()}; run took {clock.Elapsed.TotalMinutes:0.0} min{(options.Quick ? " (--quick)" : "")}.").AppendLine();
foreach (var table in tables)
{
    report.AppendLine(table.ToMarkdown());
}

Console.Write(report.ToString());
if (options.OutputFile is { } file)
{
    await File.WriteAllTextAsync(file, report.ToString());
}

return 0;

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
