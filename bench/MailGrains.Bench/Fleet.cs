using MailGrains.Accounts;
using MailGrains.Perimeter;
using MailGrains.Tenants;
using MailGrains.Users;

namespace MailGrains.Bench;

/// <summary>
/// Tenants, owners and IMAP accounts written through the tenant grains as the gateway writes them, one account per
/// Dovecot user, receiving enabled (which starts a fetch at once and keeps a reminder at the poll interval).
/// </summary>
public sealed class Fleet(IGrainFactory grains, BenchEnvironment env, string name)
{
    private readonly List<string> _accountKeys = [];
    private readonly Dictionary<string, (string Tenant, string Owner, string Account)> _byKey = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<double> _writeSeconds = new();
    private int _timeouts;

    /// <summary>How long each account write (tenant grain → account grain → reminder) of the last <see cref="AddAsync"/> took, in seconds.</summary>
    public IReadOnlyList<double> WriteSeconds => [.. _writeSeconds];

    /// <summary>Account writes of the last <see cref="AddAsync"/> that timed out (Orleans' 30 s response timeout) or whose activation was cancelled, and were sent again.</summary>
    public int Timeouts => _timeouts;

    public IReadOnlyList<string> AccountKeys => _accountKeys;

    public IMailAccountGrain Account(string key) => grains.GetGrain<IMailAccountGrain>(key);

    public IUserGrain Owner(string key) => grains.GetGrain<IUserGrain>(GrainKeys.Scoped(_byKey[key].Tenant, _byKey[key].Owner));

    public string AccountId(string key) => _byKey[key].Account;

    /// <summary>
    /// Adds one account per user: <paramref name="accountsPerTenant"/> per tenant, <paramref name="accountsPerOwner"/>
    /// per owner, enabled evenly over <paramref name="spread"/> (as fast as possible when zero). Returns the new keys.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<MailUser> users, int accountsPerTenant, int accountsPerOwner, int pollSeconds, TimeSpan spread, PushMode push = PushMode.Off)
    {
        var first = _accountKeys.Count;
        var tenants = (users.Count + accountsPerTenant - 1) / accountsPerTenant;
        var plan = users.Select((user, i) =>
        {
            var n = first + i;
            var tenant = $"{name}{(first / accountsPerTenant) + (i % tenants)}";
            var withinTenant = i / tenants;
            return (User: user, Index: i, Tenant: tenant, Owner: $"u{withinTenant / accountsPerOwner}", Account: $"a{n}");
        }).ToList();

        await Parallel.ForEachAsync(plan.GroupBy(p => p.Tenant), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (tenant, _) =>
        {
            var grain = grains.GetGrain<ITenantGrain>(tenant.Key);
            OperatorProof.Attach(BenchSilo.OperatorKey);
            await grain.UpsertAsync("Bench " + tenant.Key);
            OperatorProof.Detach();
            foreach (var owner in tenant.Select(p => p.Owner).Distinct())
            {
                await grain.PutUserAsync(owner, new UserProfile("Owner " + owner, $"{owner}.{tenant.Key}@example.test", null, false, Signature.None));
            }
        });

        var started = DateTime.UtcNow;
        var failures = 0;
        _writeSeconds.Clear();
        _timeouts = 0;
        await Parallel.ForEachAsync(plan.GroupBy(p => p.Tenant), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (tenant, cancellationToken) =>
        {
            var grain = grains.GetGrain<IAccountWriterGrain>(tenant.Key);
            foreach (var p in tenant)
            {
                var due = started + spread * p.Index / users.Count;
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, cancellationToken);
                }

                var input = new AccountInput(Settings(p.User, p.Owner, pollSeconds, push), PasswordChange.Set(p.User.Password), PasswordChange.Keep, null);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                AccountWriteResult? result = null;
                for (var attempt = 1; result is null; attempt++)
                {
                    try
                    {
                        result = await grain.PutAsync(p.Account, input);
                    }
                    catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or OrleansException && attempt < 5)
                    {
                        // Writing the same account again is harmless: the write is a replace. Under load the call
                        // times out (30 s) or the account's activation is cancelled while it reads its state.
                        Interlocked.Increment(ref _timeouts);
                    }
                }

                _writeSeconds.Enqueue(clock.Elapsed.TotalSeconds);
                if (result.View is null)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} accounts were refused.");
        }

        var keys = plan.Select(p => GrainKeys.Scoped(p.Tenant, p.Account)).ToList();
        foreach (var p in plan)
        {
            _byKey[GrainKeys.Scoped(p.Tenant, p.Account)] = (p.Tenant, p.Owner, p.Account);
        }

        _accountKeys.AddRange(keys);
        return keys;
    }

    /// <summary>The polling and ingest sections measure polls and fetch requests, so their accounts do not push (IMAP IDLE); the real-time section's do.</summary>
    private AccountConfiguration Settings(MailUser user, string owner, int pollSeconds, PushMode push) => new(
        new MailboxIdentity("Bench " + user.Name, $"{user.Name}@{env.MailDomain}", null, ""),
        new ActivityFiling(owner, "E", null, [], []),
        new MailReceiving(true, MailProtocol.Imap, new MailServer(env.MailHost, env.ImapPort, Security.None, user.Name), ["INBOX"], null, pollSeconds, 0, Push: push),
        new MailSending(new MailServer(null, 0, Security.Auto, null), [], null, Signature.None));
}
