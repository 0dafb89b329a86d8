namespace MailGrains.Accounts;

/// <summary>Limits that the gateway checks on input and the grains check after applying defaults.</summary>
public static class AccountLimits
{
    /// <summary>Tags of an account, the owner's tag included.</summary>
    public const int MaxTags = 100;
}
