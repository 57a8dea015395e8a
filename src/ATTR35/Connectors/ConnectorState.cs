using System.Collections.Generic;
using System.Linq;

namespace ATTR35.Connectors;

/// <summary>One connector with its entries parsed and compared with the sender; the working state of <see cref="ConnectorRules"/>.</summary>
internal sealed class ConnectorState
{
    public ConnectorState(InboundConnectorInfo connector, int index, uint? senderAddress, IReadOnlyList<string> certificateNames)
    {
        Connector = connector;
        Index = index;
        Entries = connector.SenderIPAddresses.Select(SenderIPAddressEntry.Parse).ToList();

        if (connector.TlsSenderCertificateName is { } written)
        {
            if (CertificateNameMatcher.TryNormalizeConnectorName(written, out var normalized, out var reason))
            {
                CertificateName = normalized;
            }
            else
            {
                CertificateNameProblem = reason;
            }
        }

        if (senderAddress is { } address)
        {
            // The narrowest accepted entry that holds the address is the one to show.
            IpMatch = Entries.Where(e => e.IsAccepted && e.Range!.Contains(address))
                .OrderByDescending(e => e.Range!.PrefixLength ?? 0)
                .FirstOrDefault();
        }

        if (CertificateName is not null)
        {
            CertificateMatches = certificateNames.Where(n => CertificateNameMatcher.Covers(CertificateName, n)).ToList();
        }
    }

    public InboundConnectorInfo Connector { get; }

    public int Index { get; }

    public string Name => Connector.Name;

    public List<SenderIPAddressEntry> Entries { get; }

    public IEnumerable<SenderIPAddressEntry> AcceptedEntries => Entries.Where(e => e.IsAccepted);

    /// <summary>The connector's TlsSenderCertificateName, normalised; null when unset or refused.</summary>
    public string? CertificateName { get; }

    /// <summary>Why Exchange Online would refuse the TlsSenderCertificateName; null when fine or unset.</summary>
    public string? CertificateNameProblem { get; }

    /// <summary>The accepted entry that contains the sender's address.</summary>
    public SenderIPAddressEntry? IpMatch { get; }

    /// <summary>The sender's certificate names the connector's name covers.</summary>
    public IReadOnlyList<string> CertificateMatches { get; } = new List<string>();

    /// <summary>How the connector matches, certificate first as Exchange Online checks it.</summary>
    public MatchedBy MatchedBy => CertificateMatches.Count > 0 ? MatchedBy.Certificate : IpMatch is not null ? MatchedBy.IPAddress : MatchedBy.None;

    /// <summary>The entry that matched, for the result.</summary>
    public string? MatchedValue => MatchedBy switch
    {
        MatchedBy.Certificate => Connector.TlsSenderCertificateName,
        MatchedBy.IPAddress => IpMatch!.Normalized,
        _ => null,
    };

    /// <summary>Only enabled OnPremises connectors attribute relayed mail to the tenant.</summary>
    public bool Attributes => Connector.Enabled && Connector.ConnectorType == ConnectorType.OnPremises;

    public bool IsWildcardName => CertificateName is not null && CertificateNameMatcher.IsWildcard(CertificateName);
}
