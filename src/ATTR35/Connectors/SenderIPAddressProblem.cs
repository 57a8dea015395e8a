namespace ATTR35.Connectors;

/// <summary>Why Exchange Online would refuse an entry of a connector's SenderIPAddresses.</summary>
internal enum SenderIPAddressProblem
{
    /// <summary>Accepted: a single IPv4 address or a CIDR block from /24 to /32.</summary>
    None,

    /// <summary>An IPv6 address or range; connectors match IPv4 only.</summary>
    IPv6,

    /// <summary>A CIDR block wider than /24.</summary>
    PrefixTooShort,

    /// <summary>A first-last range (<c>a-b</c>), which EFSkipIPs takes but SenderIPAddresses does not.</summary>
    AddressRange,

    /// <summary>An address with a netmask (<c>192.0.2.0(255.255.255.0)</c>), Exchange's IPRange notation that connectors do not take.</summary>
    Netmask,

    /// <summary>Not an IP address at all, or one written ambiguously.</summary>
    Malformed,
}
