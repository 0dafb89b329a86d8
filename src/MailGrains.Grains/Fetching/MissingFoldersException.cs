namespace MailGrains.Grains.Fetching;

/// <summary>Folders the account syncs that the server does not have; every other folder was read all the same.</summary>
internal sealed class MissingFoldersException(IReadOnlyList<string> folders)
    : Exception($"The folder(s) '{string.Join("', '", folders)}' do not exist on the server; the other folders were read.")
{
    public IReadOnlyList<string> Folders { get; } = folders;
}
