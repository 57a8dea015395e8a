using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace ATTR35.Dns;

/// <summary>How looking up a host's addresses ended.</summary>
internal enum AddressLookupOutcome
{
    /// <summary>At least one A or AAAA record.</summary>
    Resolved,

    /// <summary>The name exists but has no A or AAAA record.</summary>
    NoAddresses,

    /// <summary>NXDOMAIN.</summary>
    NonExistent,

    /// <summary>The CNAME chain loops or is too long.</summary>
    AliasLoop,

    /// <summary>A question could not be answered (timeout, SERVFAIL, REFUSED).</summary>
    LookupFailed,

    /// <summary>
    /// The name (from a DNS answer: an MX target or a CNAME) holds characters no host name has,
    /// so it was not asked for.
    /// </summary>
    InvalidName,
}

/// <summary>The addresses of one host and the aliases followed to reach them.</summary>
/// <param name="Host">The host asked for.</param>
/// <param name="Outcome">How the lookup ended.</param>
/// <param name="Addresses">A and AAAA addresses.</param>
/// <param name="AliasChain">CNAME targets followed, in order; empty when the host is not an alias.</param>
/// <param name="Error">Why the lookup failed, for messages.</param>
/// <param name="NameServer">Who answered.</param>
internal sealed record AddressLookup(string Host, AddressLookupOutcome Outcome, IReadOnlyList<string> Addresses, IReadOnlyList<string> AliasChain, string? Error, string? NameServer)
{
    /// <summary>True when the host is a CNAME.</summary>
    public bool IsAlias => AliasChain.Count > 0;

    /// <summary>
    /// The address to connect to: the first IPv4 address, else the first IPv6 one; null when
    /// there is none. IPv4 first because Exchange Online's connectors and EOP's attribution are
    /// IPv4 only, so that is the path whose behaviour matters.
    /// </summary>
    public IPAddress? PreferredAddress()
    {
        IPAddress? firstV6 = null;
        foreach (var text in Addresses)
        {
            if (IPAddress.TryParse(text, out var address))
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return address;
                }

                firstV6 ??= address;
            }
        }

        return firstV6;
    }
}
