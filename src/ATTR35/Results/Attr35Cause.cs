namespace ATTR35;

/// <summary>Which of Microsoft's three checks explains an ATTR35 deferral, as Test-Attr35 decides it.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum Attr35Cause : long
{
    /// <summary>No event and every check passes.</summary>
    None,

    /// <summary>The smart host (or relay) is not the assigned host of the recipient's tenant.</summary>
    SmartHost,

    /// <summary>The relay is what the recipient domain's MX points at, and the MX check fails.</summary>
    MxRecord,

    /// <summary>No enabled OnPremises inbound connector attributes the sender (IP or certificate).</summary>
    InboundConnector,

    /// <summary>The reply is not ATTR35: the finding says what it means instead.</summary>
    NotAttr35,

    /// <summary>The checks found nothing that explains it: the finding says what to collect next.</summary>
    Unknown,
}
