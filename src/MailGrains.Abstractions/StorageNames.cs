namespace MailGrains;

/// <summary>Names of the Orleans storage providers that the silo registers and grains ask for.</summary>
public static class StorageNames
{
    /// <summary>Grain state in Azure Table storage.</summary>
    public const string Grains = "grains";
}
