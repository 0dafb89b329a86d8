namespace MailGrains.Testing;

/// <summary>Names that no other test run uses, so runs never see each other's data.</summary>
public static class FreshNames
{
    /// <summary>A table prefix: lower-case letters and digits, starting with a letter.</summary>
    public static string TablePrefix() => "t" + Suffix(12);

    /// <summary>A tenant id no other test uses, so tests sharing a cluster never see each other's data.</summary>
    public static string TenantId() => "t" + Suffix(12);

    public static string ClusterId() => "test-" + Suffix(12);

    /// <summary>A mail user name (the local part of an address).</summary>
    public static string MailUser(string purpose) => $"{purpose}{Suffix(8)}";

    private static string Suffix(int length) => Guid.NewGuid().ToString("N")[..length];
}
