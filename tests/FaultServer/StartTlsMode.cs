namespace ATTR35.FaultServer;

/// <summary>What a session does about STARTTLS.</summary>
internal enum StartTlsMode
{
    /// <summary>Not advertised; the command is unknown (500).</summary>
    NotOffered,

    /// <summary>Advertised, then refused with 454 4.7.0.</summary>
    Refused,

    /// <summary>Advertised and accepted with 220, then garbage instead of a TLS handshake.</summary>
    Broken,
}
