namespace ATTR35.Dns;

/// <summary>One resource record, reduced to what the checks use.</summary>
/// <param name="Name">Owner name, lower case, no trailing dot.</param>
/// <param name="Type">Record type.</param>
/// <param name="Ttl">Time to live in seconds.</param>
/// <param name="Data">MX exchange, CNAME/NS target, SOA primary server (no trailing dot), or the address text of A/AAAA.</param>
/// <param name="Preference">MX preference; 0 for other types.</param>
internal sealed record DnsRecord(string Name, DnsRecordType Type, int Ttl, string Data, int Preference = 0);
