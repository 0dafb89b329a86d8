using System.Security.Cryptography;
using System.Text;
using MailGrains.Grains.Fetching;
using MailGrains.Grains.Network;
using MailGrains.Grains.Webhooks;
using MailGrains.Grains.Webhooks.Http;
using MailGrains.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>
/// The webhook poster as the silo wires it (<c>AddMailGrainsWebhookHttp</c> on a plain service collection, no
/// cluster needed) against a real HTTP receiver on loopback that verifies with the independent
/// <c>StandardWebhooks</c> package.
/// </summary>
public sealed class WebhookPosterTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task APostIsDeliveredSignedAsTheStandardWebhooksPackageVerifiesIt()
    {
        var secret = NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        await using var services = Services(TestNetwork.TestServers);
        var (eventId, body) = NewEvent();
        var timestamp = DateTimeOffset.UtcNow;

        var result = await Poster(services).PostAsync(receiver.Url, eventId, timestamp, body, [secret], CancellationToken.None);

        Assert.Equal(WebhookPostOutcome.Delivered, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Error);
        var received = Assert.Single(receiver.Received);
        Assert.True(received.Verified, received.VerificationError);
        Assert.Equal(eventId, received.Id);
        Assert.Equal(timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
        Assert.Equal("activity.created", received.Type);
        Assert.Equal(body, received.RawBody.ToArray());
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.Equal("MailGrains-Webhooks/1", received.Headers["User-Agent"]);
    }

    [Fact]
    public async Task DuringARotationBothSecretsSignTheCurrentFirstAndNeitherIsSent()
    {
        var (current, previous) = (NewSecret(), NewSecret());
        await using var receiver = await WebhookReceiver.StartAsync(current);
        await using var services = Services(TestNetwork.TestServers);
        var (eventId, body) = NewEvent();

        var result = await Poster(services).PostAsync(receiver.Url, eventId, DateTimeOffset.UtcNow, body, [current, previous], CancellationToken.None);

        Assert.Equal(WebhookPostOutcome.Delivered, result.Outcome);
        var received = Assert.Single(receiver.Received);
        Assert.True(received.Verified, received.VerificationError);
        Assert.Equal(2, received.Signatures.Count);
        var first = received with { Signature = received.Signatures[0] };
        var second = received with { Signature = received.Signatures[1] };
        Assert.True(first.VerifiedWith(current));
        Assert.False(first.VerifiedWith(previous));
        Assert.True(second.VerifiedWith(previous));
        var headers = string.Join("\n", received.Headers.Select(h => $"{h.Key}: {h.Value}"));
        foreach (var secret in new[] { current, previous })
        {
            Assert.DoesNotContain(secret["whsec_".Length..], headers, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A410AnswerIsGone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Gone);

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(WebhookPostOutcome.Gone, result.Outcome);
        Assert.Equal(410, result.StatusCode);
        Assert.Equal("The receiver answered 410: This webhook is gone.", result.Error);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("0", 0)]
    [InlineData("86401000", 86_400)]
    [InlineData("soon", null)]
    [InlineData("-3", null)]
    public async Task A503IsRetriedAfterItsRetryAfterSecondsBoundedToADay(string retryAfter, int? expectedSeconds)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Status(503, retryAfter));

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(WebhookPostOutcome.Retry, result.Outcome);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal("The receiver answered 503.", result.Error);
        Assert.Equal(expectedSeconds is { } s ? TimeSpan.FromSeconds(s) : null, result.RetryAfter);
    }

    [Fact]
    public async Task A429WithAnHttpDateIsRetriedAfterTheWaitMeasuredFromTheAnswersOwnDate()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // A receiver whose clock is decades off: only the difference between its two dates counts.
        receiver.Reply(WebhookReply.Status(429, "Sun, 06 Nov 1994 08:51:07 GMT").WithHeader("Date", "Sun, 06 Nov 1994 08:49:37 GMT"));

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(WebhookPostOutcome.Retry, result.Outcome);
        Assert.Equal(429, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public async Task A500WithoutRetryAfterIsRetriedWithoutAWait()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Status(500, body: "Internal Server Error"));

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(new WebhookPostResult(WebhookPostOutcome.Retry, 500, result.Latency, "The receiver answered 500: Internal Server Error", null), result);
    }

    [Fact]
    public async Task AnotherClientErrorIsRefusedWithAPrintableExcerptOfTheBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Status(400, body: "bad\r\n\u001b[31mrequest\u0007"));

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(WebhookPostOutcome.Refused, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("The receiver answered 400: bad [31mrequest", result.Error);
    }

    [Fact]
    public async Task AReceiverThatNeverAnswersTimesOutAndIsRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Never);

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers, ("MailGrains:Webhooks:TimeoutSeconds", "1"));

        Assert.Equal(WebhookPostOutcome.Retry, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.Equal("The receiver did not answer within 1 s.", result.Error);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task AReceiverThatIsDownIsRetriedAndGetsTheEventWhenItIsBackOnItsPort()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var services = Services(TestNetwork.TestServers);
        var (eventId, body) = NewEvent();
        var secret = NewSecret();
        await receiver.StopAsync();

        var down = await Poster(services).PostAsync(receiver.Url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);
        await receiver.StartAgainAsync();
        var up = await Poster(services).PostAsync(receiver.Url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);

        Assert.Equal(new WebhookPostResult(WebhookPostOutcome.Retry, null, down.Latency, "The receiver refused the connection.", null), down);
        Assert.Equal(WebhookPostOutcome.Delivered, up.Outcome);
        Assert.Equal(eventId, Assert.Single(receiver.Received).Id);
    }

    [Fact]
    public async Task ARedirectIsRefusedAndNotFollowed()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Redirect(target.Url));

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(WebhookPostOutcome.Refused, result.Outcome);
        Assert.Equal(302, result.StatusCode);
        Assert.Equal("The receiver answered 302; redirects are not followed.", result.Error);
        Assert.Single(receiver.Received);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task ALoopbackAddressIsForbiddenByTheProductionDefaultPolicyAndNeverDialled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var result = await PostAsync(receiver.Url, TestNetwork.ProductionDefault);

        Assert.Equal(new WebhookPostResult(WebhookPostOutcome.Forbidden, null, result.Latency, "127.0.0.1 is an address this service's network policy does not allow.", null), result);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task ANameThatResolvesToLoopbackIsForbiddenWhenDialledAndNeverReached()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri;

        var result = await PostAsync(url, TestNetwork.ProductionDefault);

        Assert.Equal(WebhookPostOutcome.Forbidden, result.Outcome);
        Assert.StartsWith("localhost resolves to ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith(", which this service's network policy does not allow.", result.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task AnEndlessAnswerBodyIsReadOnlyForItsExcerptAndThenLetGo()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Reply(WebhookReply.Endless(500));

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);
        var streamed = await receiver.WaitForStreamEndAsync(s_patience);

        Assert.Equal(WebhookPostOutcome.Retry, result.Outcome);
        Assert.Equal(500, result.StatusCode);
        Assert.Equal("The receiver answered 500: " + new string('x', 77) + "...", result.Error);
        Assert.True(streamed.CutOff);
    }

    [Fact]
    public async Task AnHttpsReceiverWithAnUntrustedCertificateIsRetriedWithATlsSentence()
    {
        using var certificate = TestTlsCertificate.ForLoopback();
        await using var receiver = await WebhookReceiver.StartHttpsAsync(certificate);

        var result = await PostAsync(receiver.Url, TestNetwork.TestServers);

        Assert.Equal(WebhookPostOutcome.Retry, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.Equal("The TLS handshake with the receiver failed: its certificate is not trusted or does not name the host, or it offers no common protocol.", result.Error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task AnHttpsReceiverWhoseCertificateTheOperatorTrustsGetsTheEvent()
    {
        var secret = NewSecret();
        using var certificate = TestTlsCertificate.ForLoopback();
        var pem = TestTlsCertificate.WritePem(certificate);
        try
        {
            await using var receiver = await WebhookReceiver.StartHttpsAsync(certificate, secret);
            await using var services = Services(TestNetwork.TestServers, ("MailGrains:Mail:TrustedCertificateFiles:0", pem));
            var (eventId, body) = NewEvent();

            var result = await Poster(services).PostAsync(receiver.Url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);

            Assert.Equal(WebhookPostOutcome.Delivered, result.Outcome);
            Assert.True(Assert.Single(receiver.Received).Verified);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task AnEventRetriedAfterA503ArrivesAgainWithTheSameIdAndBothVerify()
    {
        var secret = NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        receiver.ReplyNext(WebhookReply.Status(503));
        await using var services = Services(TestNetwork.TestServers);
        var (eventId, body) = NewEvent();

        var first = await Poster(services).PostAsync(receiver.Url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);
        var second = await Poster(services).PostAsync(receiver.Url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);
        var delivered = await receiver.WaitForAsync(r => r.Id == eventId && r.RepliedStatus == 200, s_patience);

        Assert.Equal((WebhookPostOutcome.Retry, WebhookPostOutcome.Delivered), (first.Outcome, second.Outcome));
        Assert.True(delivered.Verified);
        Assert.Equal([(eventId, 503, true), (eventId, 200, true)], receiver.Received.Select(r => (r.Id, r.RepliedStatus, r.Verified)));
    }

    [Fact]
    public async Task NoLogLineNamesTheUrlsPathOrQueryOrASecret()
    {
        var secret = NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        receiver.ReplyNext(WebhookReply.Never, WebhookReply.Status(503, "7"));
        var logs = new CapturedLogs();
        await using var services = Services(TestNetwork.TestServers, logs, ("MailGrains:Webhooks:TimeoutSeconds", "1"));
        var url = new Uri(receiver.Url, "/hooks/t0ken-in-path?key=t0ken-in-query");
        var (eventId, body) = NewEvent();

        var timedOut = await Poster(services).PostAsync(url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);
        var refused = await Poster(services).PostAsync(url, eventId, DateTimeOffset.UtcNow, body, [secret], CancellationToken.None);

        Assert.Equal((WebhookPostOutcome.Retry, WebhookPostOutcome.Retry), (timedOut.Outcome, refused.Outcome));
        Assert.Contains(logs.Lines, l => l.Contains("Webhook post to 127.0.0.1: Retry (503)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("t0ken", StringComparison.Ordinal) || l.Contains(secret["whsec_".Length..], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    public async Task ATimeoutOutsideOneToSixtySecondsIsRefusedNamingTheSetting(string seconds)
    {
        await using var services = Services(TestNetwork.TestServers, ("MailGrains:Webhooks:TimeoutSeconds", seconds));

        var refusal = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WebhookHttpOptions>>().Value);

        Assert.Contains(nameof(WebhookHttpOptions.TimeoutSeconds), refusal.Message, StringComparison.Ordinal);
    }

    private static async Task<WebhookPostResult> PostAsync(Uri url, TestNetwork network, params (string Key, string Value)[] settings)
    {
        await using var services = Services(network, settings);
        var (eventId, body) = NewEvent();
        return await Poster(services).PostAsync(url, eventId, DateTimeOffset.UtcNow, body, [NewSecret()], CancellationToken.None);
    }

    private static IWebhookPoster Poster(ServiceProvider services) => services.GetRequiredService<IWebhookPoster>();

    private static ServiceProvider Services(TestNetwork network, params (string Key, string Value)[] settings) => Services(network, null, settings);

    private static ServiceProvider Services(TestNetwork network, CapturedLogs? logs, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(network.Settings().Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
            }
        });
        services.AddMailGrainsOutboundPolicy();
        // The silo binds the mail settings (with the trusted certificates the webhook client uses too) in AddMailGrainsGrainServices.
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName);
        services.AddMailGrainsWebhookHttp();
        return services.BuildServiceProvider();
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static (string EventId, byte[] Body) NewEvent()
    {
        var eventId = $"evt_{Guid.NewGuid():N}";
        return (eventId, Encoding.UTF8.GetBytes($$$"""{"type":"activity.created","id":"{{{eventId}}}","data":{"subject":"Grüße"}}"""));
    }
}
