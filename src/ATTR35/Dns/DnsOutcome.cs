namespace ATTR35.Dns;

/// <summary>How a DNS question ended.</summary>
internal enum DnsOutcome
{
    /// <summary>NOERROR; the answer may still be empty (NODATA).</summary>
    Success,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NonExistentDomain,

    /// <summary>SERVFAIL.</summary>
    ServerFailure,

    /// <summary>REFUSED.</summary>
    Refused,

    /// <summary>No answer within the time allowed.</summary>
    Timeout,

    /// <summary>The server could not be reached or the exchange broke.</summary>
    NetworkError,

    /// <summary>Any other response code or an unreadable response.</summary>
    BadResponse,
}
