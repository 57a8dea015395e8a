using System.Globalization;

namespace ATTR35.Base;

/// <summary>How the port part of an endpoint reads.</summary>
internal enum PortText
{
    /// <summary>A number from 1 to 65535.</summary>
    Valid,

    /// <summary>Nothing after the colon.</summary>
    Missing,

    /// <summary>Something other than ASCII digits.</summary>
    NotDigits,

    /// <summary>Digits, but not a number from 1 to 65535.</summary>
    OutOfRange,
}

/// <summary>
/// The one reader of endpoints as admins write them for every parameter that takes one
/// (-SmartHost, -Server, -SendingServer): <c>host</c>, <c>host:port</c>, <c>[host]</c>,
/// <c>[host]:port</c>, IPv4, and IPv6 bare (no port possible then) or in brackets. It only
/// splits: the host part is then read as an address by <see cref="IpLiteral"/> or as a name by
/// <see cref="DomainNameValidator"/>, and each parameter words its own messages, because what an
/// admin must be told differs (a smart host of Postfix, a DNS server, a server to fetch a
/// certificate from).
/// </summary>
internal readonly struct Endpoint
{
    private Endpoint(string host, string? port, bool bracketed, bool closed, string rest)
    {
        Host = host;
        Port = port;
        Bracketed = bracketed;
        Closed = closed;
        Rest = rest;
    }

    /// <summary>The host part: inside the brackets, before the port colon, or the whole value.</summary>
    public string Host { get; }

    /// <summary>The text after the port colon; null when the value names no port.</summary>
    public string? Port { get; }

    /// <summary>True when the value starts with '['.</summary>
    public bool Bracketed { get; }

    /// <summary>False when a '[' has no ']' (then <see cref="Host"/> is everything after the '[').</summary>
    public bool Closed { get; }

    /// <summary>What follows ']' (empty for a bare value).</summary>
    public string Rest { get; }

    /// <summary>True when something other than ':port' follows ']'.</summary>
    public bool TextAfterBracket => Bracketed && Closed && Rest.Length > 0 && Rest[0] != ':';

    /// <summary>True for a bare value with more than one ':' (only an IPv6 address has them, and then no port).</summary>
    public bool ManyColons => !Bracketed && Host.IndexOf(':') >= 0;

    /// <summary>
    /// Splits a value, already trimmed. Bracketed: the host is what lies before the first ']' and a
    /// port may follow as ':port'. Bare: exactly one ':' separates host and port; with more the
    /// whole value is the host (an IPv6 address).
    /// </summary>
    public static Endpoint Split(string value)
    {
        if (value.Length > 0 && value[0] == '[')
        {
            var close = value.IndexOf(']');
            if (close < 0)
            {
                return new Endpoint(value.Substring(1), null, bracketed: true, closed: false, string.Empty);
            }

            var rest = value.Substring(close + 1);
            var port = rest.Length > 0 && rest[0] == ':' ? rest.Substring(1) : null;
            return new Endpoint(value.Substring(1, close - 1), port, bracketed: true, closed: true, rest);
        }

        var first = value.IndexOf(':');
        if (first >= 0 && first == value.LastIndexOf(':'))
        {
            return new Endpoint(value.Substring(0, first), value.Substring(first + 1), bracketed: false, closed: true, string.Empty);
        }

        return new Endpoint(value, null, bracketed: false, closed: true, string.Empty);
    }

    /// <summary>Reads a port: ASCII digits only (no sign, no space), 1 to 65535.</summary>
    public static PortText ReadPort(string text, out int port)
    {
        port = 0;
        if (text.Length == 0)
        {
            return PortText.Missing;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return PortText.NotDigits;
            }
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return PortText.OutOfRange;
        }

        return PortText.Valid;
    }
}
