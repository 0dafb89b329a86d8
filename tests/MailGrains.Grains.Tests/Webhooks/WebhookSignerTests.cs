using System.Security.Cryptography;
using System.Text;
using MailGrains.Grains.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace MailGrains.Grains.Tests.Webhooks;

/// <summary>
/// What <see cref="WebhookSigner"/> signs verifies with an independent Standard Webhooks implementation (the NuGet
/// package <c>StandardWebhooks</c>), and nothing that was changed on the way does.
/// </summary>
public sealed class WebhookSignerTests
{
    private const string EventId = "msg_2hYkYmTn7Qx0";
    private const string Body = """{"type":"activity.created","data":{"activityId":"a1","subject":"Grüße"}}""";

    [Fact]
    public void ASecretIsWhsecAndTheBase64OfThirtyTwoRandomBytes()
    {
        var first = WebhookSigner.NewSecret();
        var second = WebhookSigner.NewSecret();

        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(first["whsec_".Length..]).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ASignedEventVerifiesWithTheStandardWebhooksLibrary()
    {
        var secret = WebhookSigner.NewSecret();
        var now = DateTimeOffset.UtcNow;

        var headers = Headers(EventId, now, WebhookSigner.Signatures([secret], EventId, now, Encoding.UTF8.GetBytes(Body)));

        new StandardWebhook(secret).Verify(Body, headers);
        Assert.StartsWith("v1,", headers[WebhookSigner.SignatureHeader].ToString(), StringComparison.Ordinal);
        Assert.Equal(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), headers[WebhookSigner.TimestampHeader].ToString());
    }

    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("id")]
    [InlineData("secret")]
    public void AnEventChangedAfterSigningDoesNotVerify(string changed)
    {
        var secret = WebhookSigner.NewSecret();
        var now = DateTimeOffset.UtcNow;
        var signature = WebhookSigner.Signatures([secret], EventId, now, Encoding.UTF8.GetBytes(Body));

        var body = changed == "body" ? Body.Replace("a1", "a2", StringComparison.Ordinal) : Body;
        var headers = Headers(changed == "id" ? EventId + "x" : EventId, changed == "timestamp" ? now.AddSeconds(-1) : now, signature);
        var verifier = new StandardWebhook(changed == "secret" ? WebhookSigner.NewSecret() : secret);

        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(body, headers));
    }

    [Fact]
    public void DuringARotationTheNewSecretSignsFirstAndAReceiverHoldingEitherSecretVerifies()
    {
        var current = WebhookSigner.NewSecret();
        var previous = WebhookSigner.NewSecret();
        var now = DateTimeOffset.UtcNow;
        var bytes = Encoding.UTF8.GetBytes(Body);

        var header = WebhookSigner.Signatures([current, previous], EventId, now, bytes);

        var signatures = header.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.Equal("v1," + Hmac(current, now), signatures[0]);
        Assert.Equal("v1," + Hmac(previous, now), signatures[1]);
        new StandardWebhook(current).Verify(Body, Headers(EventId, now, header));

        // StandardWebhooks 1.1.2 compares only the first signature of the header with its secret, so a receiver that
        // still holds the previous secret is checked with the library on that signature alone, and on the whole
        // header by the HMAC computed above: either way the old secret's receiver accepts the event.
        new StandardWebhook(previous).Verify(Body, Headers(EventId, now, signatures[1]));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(previous).Verify(Body, Headers(EventId, now, header)));
    }

    /// <summary>The signature computed here, from the specification, without the signer.</summary>
    private static string Hmac(string secret, DateTimeOffset at)
        => Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(secret["whsec_".Length..]),
            Encoding.UTF8.GetBytes($"{EventId}.{at.ToUnixTimeSeconds()}.{Body}")));

    private static HeaderDictionary Headers(string id, DateTimeOffset timestamp, string signature) => new()
    {
        [WebhookSigner.IdHeader] = id,
        [WebhookSigner.TimestampHeader] = WebhookSigner.Timestamp(timestamp),
        [WebhookSigner.SignatureHeader] = signature,
    };
}
