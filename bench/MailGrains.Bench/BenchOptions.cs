using System.Globalization;

namespace MailGrains.Bench;

/// <summary>What to measure and how much of it; <c>--quick</c> is a smoke run of every section in about two minutes.</summary>
public sealed record BenchOptions
{
    public IReadOnlySet<string> Sections { get; init; } = new HashSet<string>(["ingest", "idle", "polling", "boot", "realtime"]);

    public int Accounts { get; init; } = 20;

    public int Messages { get; init; } = 2000;

    public int LargeAccounts { get; init; } = 5;

    public int LargeMessages { get; init; } = 200;

    public int LargeKilobytes { get; init; } = 200;

    public int IdleAccounts { get; init; } = 10_000;

    /// <summary>Enabled accounts per polling step, ascending: the silo grows from one to the next.</summary>
    public IReadOnlyList<int> PollAccounts { get; init; } = [1000, 10_000];

    public int PollIntervalSeconds { get; init; } = 60;

    /// <summary>Accounts are enabled evenly over this many seconds, so their due times spread as real ones do.</summary>
    public int PollSpreadSeconds { get; init; } = 60;

    /// <summary>At most this many accounts are enabled per second (the spread grows by whole intervals), so that enabling stays within what the storage emulator takes.</summary>
    public int PollEnableRate { get; init; } = 75;

    public int BootReminders { get; init; } = 100_000;

    /// <summary>How long each ceiling loop of the polling section runs.</summary>
    public int CeilingSeconds { get; init; } = 15;

    /// <summary>The real-time burst: push accounts, and mails appended to each at once.</summary>
    public int BurstAccounts { get; init; } = 20;

    public int BurstMessages { get; init; } = 100;

    /// <summary>Mails per APPEND command of the burst (more than one: MULTIAPPEND), so the input can outrun the product.</summary>
    public int BurstAppendBatch { get; init; } = 1;

    /// <summary>Accounts in IDLE for the push latency, one mail each over <see cref="PushSpreadSeconds"/>.</summary>
    public int PushAccounts { get; init; } = 1000;

    public int PushSpreadSeconds { get; init; } = 20;

    public string? OutputFile { get; init; }

    public bool Quick { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick") ? QuickRun() : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--sections" => options with { Sections = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                "--accounts" => options with { Accounts = NextInt() },
                "--messages" => options with { Messages = NextInt() },
                "--large-accounts" => options with { LargeAccounts = NextInt() },
                "--large-messages" => options with { LargeMessages = NextInt() },
                "--large-kb" => options with { LargeKilobytes = NextInt() },
                "--idle-accounts" => options with { IdleAccounts = NextInt() },
                "--poll-accounts" => options with { PollAccounts = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order()] },
                "--poll-interval" => options with { PollIntervalSeconds = NextInt() },
                "--poll-spread" => options with { PollSpreadSeconds = NextInt() },
                "--poll-enable-rate" => options with { PollEnableRate = NextInt() },
                "--boot-reminders" => options with { BootReminders = NextInt() },
                "--ceiling-seconds" => options with { CeilingSeconds = NextInt() },
                "--burst-accounts" => options with { BurstAccounts = NextInt() },
                "--burst-messages" => options with { BurstMessages = NextInt() },
                "--burst-append-batch" => options with { BurstAppendBatch = NextInt() },
                "--push-accounts" => options with { PushAccounts = NextInt() },
                "--push-spread" => options with { PushSpreadSeconds = NextInt() },
                "--out" => options with { OutputFile = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. " + Usage),
            };
        }

        return options;
    }

    public const string Usage =
        "Options: --sections ingest,idle,polling,boot,realtime --accounts 20 --messages 2000 --large-accounts 5 --large-messages 200 "
        + "--large-kb 200 --idle-accounts 10000 --poll-accounts 1000,10000 --poll-interval 60 --poll-spread 60 --poll-enable-rate 75 "
        + "--boot-reminders 100000 --ceiling-seconds 15 --burst-accounts 20 --burst-messages 100 --burst-append-batch 1 --push-accounts 1000 --push-spread 20 "
        + "--out FILE --quick";

    private static BenchOptions QuickRun() => new()
    {
        Quick = true,
        Accounts = 4,
        Messages = 500,
        LargeAccounts = 2,
        LargeMessages = 20,
        IdleAccounts = 500,
        PollAccounts = [200],
        PollSpreadSeconds = 10,
        BootReminders = 2000,
        CeilingSeconds = 5,
        BurstMessages = 20,
        PushAccounts = 100,
        PushSpreadSeconds = 10,
    };
}
