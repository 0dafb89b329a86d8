using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MailGrains.Mail.Errors;

namespace MailGrains.Grains.Fetching;

/// <summary>
/// The POP3 mail an account importing from "now" leaves on the server, remembered by 64-bit digests of the UIDLs (a UIDL
/// may be 70 characters; the digest keeps the state small), at most <see cref="Max"/> of them.
/// </summary>
internal static class KeptUidls
{
    /// <summary>The most messages a first read may leave on the server: 20,000 digests are about 200 KB of state.</summary>
    public const int Max = 20_000;

    public static ulong Digest(string uidl) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(uidl)));

    /// <summary>The read cannot leave that many messages on the server: it stops before anything is imported or deleted.</summary>
    public static MailException TooMany(int count) => new(new MailError(
        MailErrorKind.Other,
        $"The POP3 mailbox holds {count:N0} messages; importing from \"now\" (imap.importFrom) leaves at most {Max:N0} on the server. " +
        "Import \"all\", or delete old mail on the server first."));
}
