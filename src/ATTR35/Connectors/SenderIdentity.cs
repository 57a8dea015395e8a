using System;
using System.Collections.Generic;
using System.Linq;

namespace ATTR35.Connectors;

/// <summary>
/// Everything known about the sending server that Exchange Online could attribute by: the public
/// address it connects from and the names on the certificate it presents. Built by the cmdlet from
/// its parameters after validation; the rules take it as it is.
/// </summary>
internal sealed class SenderIdentity
{
    /// <summary>The sender's IPv4 address, dotted quad; null when not given.</summary>
    public string? IPAddress { get; init; }

    /// <summary>Certificate names given as text (-CertificateName), normalised.</summary>
    public IReadOnlyList<string> GivenCertificateNames { get; init; } = Array.Empty<string>();

    /// <summary>Certificates given as objects or files, or fetched from the server.</summary>
    public IReadOnlyList<SenderCertificate> Certificates { get; init; } = Array.Empty<SenderCertificate>();

    /// <summary>
    /// Findings about the identity itself that the cmdlet could not avoid, such as a -SendingServer
    /// that could not be reached (Error); they go into the result as they are.
    /// </summary>
    public IReadOnlyList<Finding> Problems { get; init; } = Array.Empty<Finding>();

    /// <summary>Every certificate name to compare, given and from certificates, without repeats.</summary>
    public IReadOnlyList<string> CertificateNames =>
        GivenCertificateNames.Concat(Certificates.SelectMany(c => c.Names)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>True when there is anything to match by.</summary>
    public bool IsEmpty => IPAddress is null && CertificateNames.Count == 0;

    /// <summary>What findings about the sender itself name as their subject: the address, else the first certificate name.</summary>
    public string Subject
    {
        get
        {
            var names = CertificateNames;
            return IPAddress ?? (names.Count > 0 ? names[0] : "sending server");
        }
    }

    /// <summary>The sender in words, for messages: "203.0.113.25", "the certificate name mail.contoso.com", or both.</summary>
    public string Describe()
    {
        var names = CertificateNames;
        var certificate = names.Count switch
        {
            0 => null,
            1 => "the certificate name " + names[0],
            _ => "the certificate names " + string.Join(", ", names),
        };
        return (IPAddress, certificate) switch
        {
            (not null, null) => IPAddress!,
            (null, not null) => certificate!,
            (not null, not null) => $"{IPAddress} with {certificate}",
            _ => "the sending server",
        };
    }
}
