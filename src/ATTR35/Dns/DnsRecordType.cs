namespace ATTR35.Dns;

/// <summary>The record types the checks ask for, numbered as on the wire.</summary>
internal enum DnsRecordType
{
    /// <summary>IPv4 address.</summary>
    A = 1,

    /// <summary>Name server.</summary>
    NS = 2,

    /// <summary>Alias.</summary>
    CNAME = 5,

    /// <summary>Start of authority.</summary>
    SOA = 6,

    /// <summary>Mail exchanger.</summary>
    MX = 15,

    /// <summary>IPv6 address.</summary>
    AAAA = 28,
}
