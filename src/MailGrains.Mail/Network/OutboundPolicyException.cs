namespace MailGrains.Mail.Network;

/// <summary>A connection the operator's policy does not allow; nothing was sent. The message is written for the tenant.</summary>
public sealed class OutboundPolicyException : Exception
{
    public OutboundPolicyException()
    {
    }

    public OutboundPolicyException(string message)
        : base(message)
    {
    }

    public OutboundPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
