namespace ATTR35.FaultServer;

/// <summary>What the scripted server does after QUIT.</summary>
public enum QuitBehaviour
{
    ReplyAndClose,
    ReplyAndStayOpen,
    SilentAndStayOpen,
}
