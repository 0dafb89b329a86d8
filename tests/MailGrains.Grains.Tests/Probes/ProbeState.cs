namespace MailGrains.Grains.Tests.Probes;

[GenerateSerializer]
[Alias("MailGrains.Grains.Tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Note { get; set; }

    [Id(1)]
    public List<string> TickSilos { get; set; } = [];
}
