using MailGrains.Testing;

namespace MailGrains.Mail.Tests.Imap;

/// <summary>
/// A scripted IMAP server (not a mail server) for what Dovecot cannot be made to show: a server without MOVE, or
/// without UIDPLUS, or without SPECIAL-USE, or without IDLE. It accepts any login, lists any folder asked for, holds
/// one message (<see cref="Uid"/> in a folder of <see cref="UidValidity"/>), answers COPY, STORE and EXPUNGE with OK,
/// and idles (when "IDLE" is announced) until DONE, never announcing anything; the test reads the commands it
/// received from <see cref="ScriptedServer.Lines"/>.
/// </summary>
internal static class ScriptedImap
{
    public const uint UidValidity = 7;
    public const uint Uid = 1;

    /// <summary>Starts the server; <paramref name="capabilities"/> are announced after IMAP4rev1 (e.g. "UIDPLUS").</summary>
    public static ScriptedServer Start(string capabilities) => Serve($"IMAP4rev1 {capabilities}".Trim());

    private static ScriptedServer Serve(string capabilities)
    {
        var idleTag = ""; // the tag of the IDLE command that DONE ends
        return ScriptedServer.Start($"* OK [CAPABILITY {capabilities}] scripted IMAP server ready", line =>
        {
            var words = line.Split(' ');
            var tag = words[0];
            if (tag.Equals("DONE", StringComparison.OrdinalIgnoreCase))
            {
                return $"{idleTag} OK idling ended";
            }

            if (words.ElementAtOrDefault(1)?.ToUpperInvariant() == "IDLE" && capabilities.Contains("IDLE", StringComparison.Ordinal))
            {
                idleTag = tag;
                return "+ idling";
            }

            return (words.ElementAtOrDefault(1)?.ToUpperInvariant(), words.ElementAtOrDefault(2)?.ToUpperInvariant()) switch
            {
                ("CAPABILITY", _) => $"* CAPABILITY {capabilities}\r\n{tag} OK done",
                ("LOGIN", _) => $"{tag} OK logged in",
                ("LIST", _) => $"{List(words[^1].Trim('"'))}{tag} OK done",
                ("SELECT", _) => $"* 1 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Deleted)\r\n* OK [UIDVALIDITY {UidValidity}] ok\r\n* OK [UIDNEXT {Uid + 1}] ok\r\n{tag} OK [READ-WRITE] selected",
                ("EXAMINE", _) => $"* 1 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Seen \\Deleted)\r\n* OK [UIDVALIDITY {UidValidity}] ok\r\n* OK [UIDNEXT {Uid + 1}] ok\r\n{tag} OK [READ-ONLY] examined",
                ("UID", "SEARCH") or ("SEARCH", _) => $"* SEARCH {Uid}\r\n{tag} OK done",
                ("UID", "EXPUNGE") => $"* 1 EXPUNGE\r\n{tag} OK done",
                ("UID", _) or ("COPY", _) or ("STORE", _) => $"{tag} OK done",
                ("LOGOUT", _) => $"* BYE bye\r\n{tag} OK done",
                _ => $"{tag} BAD not in the script: {line}",
            };
        });
    }

    private static string List(string name) => name.Length == 0
        ? "* LIST (\\Noselect) \"/\" \"\"\r\n"
        : $"* LIST (\\HasNoChildren) \"/\" {name}\r\n";
}
