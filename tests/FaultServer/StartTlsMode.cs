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

    /// <summary>Advertised and accepted with 220, then nothing: the handshake never starts.</summary>
    Stall,

    /// <summary>Advertised; the 220 comes with a second, injected reply in the same packet (RFC 3207 5).</summary>
    Inject,

    /// <summary>Advertised, accepted, and the handshake done with <see cref="SessionOptions.Certificate"/>.</summary>
    Accepted,
}
