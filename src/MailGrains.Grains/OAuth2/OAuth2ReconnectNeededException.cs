namespace MailGrains.Grains.OAuth2;

/// <summary>
/// The account cannot sign in with OAuth2 until an admin connects it (again): it was never connected, the provider
/// refused its grant, or the operator removed its provider. The message is the sentence the admin sees.
/// </summary>
public sealed class OAuth2ReconnectNeededException(string message) : Exception(message)
{
    /// <summary>The status's <c>errorCode</c> while an account waits for its admin to reconnect it.</summary>
    public const string ErrorCode = "reauthorize";
}
