using System.Text.Json.Nodes;
using MailGrains.Testing;

namespace MailGrains.EndToEnd.Tests.Api;

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

    /// <summary>
    /// An account of <paramref name="owner"/> that really works on the test servers: receiving from
    /// <paramref name="mailbox"/> over plain IMAP (enabled), sending through the test Postfix without login.
    /// </summary>
    public static JsonObject OnTestServers(string owner, TestMailbox mailbox)
    {
        var document = CompleteImap(owner, mailbox.Password);
        document["general"]!["email"] = mailbox.Address;
        document["general"]!["receiveEnabled"] = true;
        document["server"]!["incoming"]!["security"] = "none";
        document["server"]!["incoming"]!["userName"] = mailbox.UserName;
        document["server"]!["outgoing"] = new JsonObject { ["host"] = "127.0.0.1", ["security"] = "none", ["userName"] = null };
        document["advanced"]!["incomingPort"] = TestServices.ImapPort;
        document["advanced"]!["outgoingPort"] = TestServices.SmtpPort;
        return document;
    }
}
