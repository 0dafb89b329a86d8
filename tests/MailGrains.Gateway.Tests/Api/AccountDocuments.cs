using System.Text.Json.Nodes;

namespace MailGrains.Gateway.Tests.Api;

/// <summary>Account documents for tests: a complete IMAP account, to be varied per test.</summary>
public static class AccountDocuments
{
    public const string IncomingPassword = "incoming-Secret-7fd1";

    /// <summary>A complete IMAP account of <paramref name="owner"/> against the test Dovecot.</summary>
    public static JsonObject CompleteImap(string owner, string? incomingPassword = IncomingPassword) => new()
    {
        ["general"] = new JsonObject
        {
            ["name"] = "Sales",
            ["email"] = "sales@example.test",
            ["replyTo"] = "replies@example.test",
            ["note"] = "front desk",
            ["receiveEnabled"] = false,
        },
        ["defaults"] = new JsonObject
        {
            ["ownerUserId"] = owner,
            ["activityType"] = "E",
            ["tags"] = new JsonArray("sales"),
            ["permissions"] = new JsonArray(),
            ["allowedSenders"] = new JsonArray(),
        },
        ["server"] = new JsonObject
        {
            ["incoming"] = new JsonObject
            {
                ["protocol"] = "imap",
                ["host"] = "127.0.0.1",
                ["security"] = "ssl",
                ["userName"] = "alice",
                ["password"] = incomingPassword,
            },
            ["outgoing"] = new JsonObject
            {
                ["host"] = "127.0.0.1",
                ["security"] = "starttls",
                ["userName"] = null,
            },
            ["deleteFromServerAfterDays"] = 0,
        },
        ["imap"] = new JsonObject { ["folders"] = new JsonArray("INBOX"), ["spamFolder"] = null, ["sentFolder"] = null },
        ["signature"] = new JsonObject { ["text"] = null, ["html"] = null },
        ["advanced"] = new JsonObject { ["incomingPort"] = 0, ["outgoingPort"] = 0, ["pollIntervalSeconds"] = 300, ["lastUids"] = new JsonObject() },
    };
}
