using System;
using System.Collections.Generic;
using System.Linq;
using ATTR35.Connectors;
using ATTR35.Microsoft365;
using Xunit;

namespace ATTR35.Tests.Connectors;

public class ConnectorRulesTests
{
    private static readonly DateTime s_now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static InboundConnectorInfo OnPremises(string name, string? addresses = null, string? certificateName = null, bool enabled = true) => new()
    {
        Name = name,
        Enabled = enabled,
        ConnectorType = ConnectorType.OnPremises,
        SenderIPAddresses = addresses?.Split(',') ?? Array.Empty<string>(),
        TlsSenderCertificateName = certificateName,
    };

    private static InboundConnectorInfo Partner(string name, string? addresses = null, string? certificateName = null, bool typeGiven = true) => new()
    {
        Name = name,
        ConnectorType = ConnectorType.Partner,
        ConnectorTypeGiven = typeGiven,
        SenderIPAddresses = addresses?.Split(',') ?? Array.Empty<string>(),
        TlsSenderCertificateName = certificateName,
    };

    private static SenderIdentity Ip(string address) => new() { IPAddress = address };

    private static SenderIdentity Names(params string[] names) => new() { GivenCertificateNames = names };

    private static InboundConnectorResult Evaluate(SenderIdentity sender, IReadOnlyList<string>? accepted, params InboundConnectorInfo[] connectors) =>
        ConnectorRules.Evaluate(connectors, sender, accepted, s_now);

    private static Finding Single(InboundConnectorResult result, string code)
    {
        var found = result.Findings.Where(f => f.Code == code).ToList();
        Assert.True(found.Count == 1, $"expected one {code}, found: {string.Join(" | ", result.Findings.Select(f => f.ToString()))}");
        return found[0];
    }

    private static void None(InboundConnectorResult result, string code) =>
        Assert.DoesNotContain(result.Findings, f => f.Code == code);

    [Fact]
    public void ConnectorNone()
    {
        var result = Evaluate(Ip("203.0.113.25"), null);
        var finding = Single(result, FindingCodes.ConnectorNone);
        Assert.Equal(Severity.Fail, finding.Severity);
        Assert.Equal("203.0.113.25", finding.Subject);
        Assert.Contains("New-InboundConnector -Name \"From on-premises\" -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses 203.0.113.25", finding.Remedy);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Empty(result.Connectors);
    }

    [Fact]
    public void ConnectorNoneProposesACertificateConnectorWhenANameIsKnown()
    {
        var finding = Single(Evaluate(Names("mail.contoso.com"), null), FindingCodes.ConnectorNone);
        Assert.Contains("-RequireTls $true -TlsSenderCertificateName mail.contoso.com", finding.Remedy);
    }

    [Fact]
    public void ConnectorMatchedByIpAndIpBasedOnly()
    {
        var result = Evaluate(Ip("203.0.113.25"), null, OnPremises("From on-premises", "203.0.113.0/24"));
        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("From on-premises", result.MatchedConnector);
        Assert.Equal(MatchedBy.IPAddress, result.MatchedBy);
        Assert.Equal("203.0.113.0/24", result.MatchedValue);
        var matched = Single(result, FindingCodes.ConnectorMatched);
        Assert.Equal(Severity.Information, matched.Severity);
        Assert.Equal("From on-premises", matched.Subject);
        var ipOnly = Single(result, FindingCodes.ConnectorIPBasedOnly);
        Assert.Equal(Severity.Information, ipOnly.Severity);
        Assert.Equal("From on-premises", ipOnly.Subject);
        Assert.Contains("Set-InboundConnector -Identity \"From on-premises\" -TlsSenderCertificateName", ipOnly.Remedy);
        Assert.True(result.Connectors[0].Selected);
        Assert.StartsWith("Used:", result.Connectors[0].Reason);
    }

    [Fact]
    public void IpBasedOnlyNamesTheCertificateWhenOneIsKnown()
    {
        var sender = new SenderIdentity { IPAddress = "203.0.113.25", GivenCertificateNames = new[] { "mail.fabrikam.net", "mail.contoso.com" } };
        var result = Evaluate(sender, new[] { "contoso.com" }, OnPremises("From on-premises", "203.0.113.25", "old.contoso.com"));
        var finding = Single(result, FindingCodes.ConnectorIPBasedOnly);
        Assert.Contains("Set-InboundConnector -Identity \"From on-premises\" -TlsSenderCertificateName mail.contoso.com", finding.Remedy);
    }

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0", true)]
    [InlineData("203.0.113.0/24", "203.0.113.255", true)]
    [InlineData("203.0.113.0/24", "203.0.112.255", false)]
    [InlineData("203.0.113.0/24", "203.0.114.0", false)]
    [InlineData("203.0.113.25/32", "203.0.113.25", true)]
    [InlineData("203.0.113.25/32", "203.0.113.24", false)]
    [InlineData("203.0.113.25/32", "203.0.113.26", false)]
    [InlineData("203.0.113.25", "203.0.113.25", true)]
    [InlineData("203.0.113.25", "203.0.113.26", false)]
    [InlineData("192.0.2.5/24", "192.0.2.200", true)]
    [InlineData("203.0.0.0/16", "203.0.113.25", false)]
    public void CidrEdges(string entry, string sender, bool matches)
    {
        var result = Evaluate(Ip(sender), null, OnPremises("C", entry));
        Assert.Equal(matches ? MatchedBy.IPAddress : MatchedBy.None, result.MatchedBy);
        Assert.Equal(matches ? CheckStatus.Pass : CheckStatus.Fail, result.Status);
    }

    [Theory]
    [InlineData("*.contoso.com", "mail.contoso.com")]
    [InlineData("*.contoso.com", "smtp.eu.contoso.com")]
    [InlineData("*.contoso.com", "contoso.com")]
    [InlineData("mail.contoso.com", "MAIL.CONTOSO.COM.")]
    [InlineData("<I>CN=R3, O=Let's Encrypt, C=US<S>CN=mail.contoso.com", "mail.contoso.com")]
    public void CertificateMatches(string connectorName, string certificateName)
    {
        Assert.True(CertificateNameMatcher.TryNormalizeCertificateName(certificateName, out var normalized, out _));
        var result = Evaluate(Names(normalized), new[] { "contoso.com" }, OnPremises("From on-premises", certificateName: connectorName));
        Assert.Equal(MatchedBy.Certificate, result.MatchedBy);
        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal(connectorName, result.MatchedValue);
        Single(result, FindingCodes.ConnectorMatched);
        None(result, FindingCodes.ConnectorIPBasedOnly);
    }

    [Fact]
    public void CertificateBeforeIp()
    {
        var sender = new SenderIdentity { IPAddress = "203.0.113.25", GivenCertificateNames = new[] { "mail.contoso.com" } };
        var result = Evaluate(sender, null,
            OnPremises("By address", "203.0.113.0/24"),
            OnPremises("By certificate", certificateName: "*.contoso.com"));
        Assert.Equal("By certificate", result.MatchedConnector);
        Assert.Equal(MatchedBy.Certificate, result.MatchedBy);
        Assert.Contains("checks first", result.Connectors[0].Reason);
        Assert.Equal(MatchedBy.IPAddress, result.Connectors[0].MatchedBy);
        Assert.False(result.Connectors[0].Selected);
        None(result, FindingCodes.ConnectorAmbiguousMatch);
        Assert.Contains("Give -AcceptedDomain", Single(result, FindingCodes.ConnectorMatched).Remedy);
    }

    [Fact]
    public void ConnectorNoMatch()
    {
        var result = Evaluate(Ip("198.51.100.99"), null,
            OnPremises("From on-premises", "203.0.113.0/24,198.51.100.7"),
            Partner("Fabrikam", "192.0.2.10"));
        var finding = Single(result, FindingCodes.ConnectorNoMatch);
        Assert.Equal(Severity.Fail, finding.Severity);
        Assert.Equal("198.51.100.99", finding.Subject);
        Assert.Contains("Set-InboundConnector -Identity \"From on-premises\" -SenderIPAddresses @{Add=\"198.51.100.99\"}", finding.Remedy);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Null(result.MatchedConnector);
        Assert.Equal(MatchedBy.None, result.MatchedBy);
        Assert.Contains("198.51.100.99 is not in its SenderIPAddresses (203.0.113.0/24, 198.51.100.7)", result.Connectors[0].Reason);
        Assert.StartsWith("No match:", result.Connectors[1].Reason);
    }

    [Fact]
    public void ConnectorNoMatchPrefersTheCertificateConnector()
    {
        var sender = new SenderIdentity { IPAddress = "198.51.100.99", GivenCertificateNames = new[] { "mail2.contoso.com" } };
        var result = Evaluate(sender, null,
            OnPremises("By address", "203.0.113.0/24"),
            OnPremises("By certificate", certificateName: "mail.contoso.com"));
        var finding = Single(result, FindingCodes.ConnectorNoMatch);
        Assert.StartsWith("Set the certificate name on connector 'By certificate'", finding.Remedy);
        Assert.Contains("Set-InboundConnector -Identity \"By certificate\" -TlsSenderCertificateName mail2.contoso.com", finding.Remedy);
        Assert.Contains("does not cover mail2.contoso.com", result.Connectors[1].Reason);
    }

    [Fact]
    public void AReasonSaysWhatWasNotCompared()
    {
        var byName = Evaluate(Ip("203.0.113.25"), null, OnPremises("C", "198.51.100.7", "*.contoso.com"));
        Assert.Contains("TlsSenderCertificateName *.contoso.com was not compared", byName.Connectors[0].Reason);
        var byAddress = Evaluate(Names("mail.fabrikam.net"), null, OnPremises("C", "198.51.100.7", "*.contoso.com"));
        Assert.Contains("SenderIPAddresses (198.51.100.7) were not compared", byAddress.Connectors[0].Reason);
    }

    [Fact]
    public void ABareDomainWhereAWildcardWasMeantIsPointedOut()
    {
        var result = Evaluate(Names("mail.contoso.com"), null, OnPremises("C", certificateName: "contoso.com"));
        Assert.Equal(MatchedBy.None, result.MatchedBy);
        Assert.Contains("*.contoso.com would cover its subdomains", result.Connectors[0].Reason);
    }

    [Fact]
    public void ConnectorNoMatchWithoutAnyOnPremisesConnectorProposesANewOne()
    {
        var result = Evaluate(Ip("198.51.100.99"), null, Partner("Fabrikam", "192.0.2.10"));
        Assert.Contains("New-InboundConnector -Name \"From on-premises\" -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses 198.51.100.99", Single(result, FindingCodes.ConnectorNoMatch).Remedy);
    }

    [Fact]
    public void ConnectorMatchDisabled()
    {
        var result = Evaluate(Ip("203.0.113.25"), null, OnPremises("From on-premises", "203.0.113.0/24", enabled: false));
        var finding = Single(result, FindingCodes.ConnectorMatchDisabled);
        Assert.Equal(Severity.Fail, finding.Severity);
        Assert.Equal("From on-premises", finding.Subject);
        Assert.Equal("Enable it: Set-InboundConnector -Identity \"From on-premises\" -Enabled $true", finding.Remedy);
        None(result, FindingCodes.ConnectorNoMatch);
        Assert.Null(result.MatchedConnector);
        Assert.Equal(MatchedBy.IPAddress, result.Connectors[0].MatchedBy);
        Assert.Contains("disabled", result.Connectors[0].Reason);
    }

    [Fact]
    public void ConnectorMatchPartner()
    {
        var result = Evaluate(Names("mail.contoso.com"), null, Partner("Contoso relay", certificateName: "*.contoso.com"));
        var finding = Single(result, FindingCodes.ConnectorMatchPartner);
        Assert.Equal(Severity.Fail, finding.Severity);
        Assert.Equal("Contoso relay", finding.Subject);
        Assert.Contains("Set-InboundConnector -Identity \"Contoso relay\" -ConnectorType OnPremises", finding.Remedy);
        None(result, FindingCodes.ConnectorNoMatch);
        Assert.Contains("Partner connector", result.Connectors[0].Reason);
    }

    [Fact]
    public void ConnectorMatchPartnerSaysWhenTheTypeWasAssumed()
    {
        var result = Evaluate(Ip("203.0.113.25"), null, Partner("Hand-made", "203.0.113.25", typeGiven: false));
        Assert.Contains("no ConnectorType", Single(result, FindingCodes.ConnectorMatchPartner).Message);
        Assert.Contains("no ConnectorType", result.Connectors[0].Reason);
    }

    [Fact]
    public void ConnectorCertificateDomainNotAccepted()
    {
        var result = Evaluate(Names("mail.fabrikam.net"), new[] { "contoso.com" }, OnPremises("From on-premises", certificateName: "*.fabrikam.net"));
        var finding = Single(result, FindingCodes.ConnectorCertificateDomainNotAccepted);
        Assert.Equal(Severity.Fail, finding.Severity);
        Assert.Equal("From on-premises", finding.Subject);
        Assert.Contains("mail.fabrikam.net", finding.Message);
        Assert.Contains("fabrikam.net", finding.Remedy);
        Assert.Contains("Set-InboundConnector -Identity \"From on-premises\" -TlsSenderCertificateName", finding.Remedy);
        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public void ConnectorCertificateDomainNotAcceptedNamesTheAcceptedSanOnTheCertificate()
    {
        var sender = Names("mail.fabrikam.net", "mail.contoso.com");
        var result = Evaluate(sender, new[] { "contoso.com" }, OnPremises("From on-premises", certificateName: "mail.fabrikam.net"));
        Assert.Contains("Set-InboundConnector -Identity \"From on-premises\" -TlsSenderCertificateName mail.contoso.com", Single(result, FindingCodes.ConnectorCertificateDomainNotAccepted).Remedy);
    }

    [Fact]
    public void ASubdomainOfAnAcceptedDomainIsAccepted()
    {
        var result = Evaluate(Names("smtp.eu.contoso.com"), new[] { "contoso.com", "fabrikam.com" }, OnPremises("C", certificateName: "*.contoso.com"));
        None(result, FindingCodes.ConnectorCertificateDomainNotAccepted);
        Assert.Equal(CheckStatus.Pass, result.Status);
    }

    [Fact]
    public void ConnectorAmbiguousMatchByIp()
    {
        var result = Evaluate(Ip("203.0.113.25"), null,
            OnPremises("Wide", "203.0.113.0/24"),
            OnPremises("Narrow", "203.0.113.25"));
        var finding = Single(result, FindingCodes.ConnectorAmbiguousMatch);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("Narrow", finding.Subject);
        Assert.Equal("Narrow", result.MatchedConnector);
        Assert.Contains("Set-InboundConnector -Identity \"Wide\" -SenderIPAddresses @{Remove=\"203.0.113.0/24\"}", finding.Remedy);
        Assert.Equal(CheckStatus.Warning, result.Status);
        None(result, FindingCodes.ConnectorOverlap);
        Assert.Contains("as does connector 'Narrow'", result.Connectors[0].Reason);
    }

    [Fact]
    public void ConnectorAmbiguousMatchByCertificatePrefersTheExactName()
    {
        var result = Evaluate(Names("mail.contoso.com"), null,
            OnPremises("Wildcard", certificateName: "*.contoso.com"),
            OnPremises("Exact", certificateName: "mail.contoso.com"));
        Assert.Equal("Exact", result.MatchedConnector);
        var finding = Single(result, FindingCodes.ConnectorAmbiguousMatch);
        Assert.Equal("Exact", finding.Subject);
        Assert.Contains("Set-InboundConnector -Identity \"Wildcard\" -Enabled $false", finding.Remedy);
    }

    [Theory]
    [InlineData("2001:db8::25")]
    [InlineData("203.0.0.0/16")]
    [InlineData("203.0.113.1-203.0.113.20")]
    [InlineData("not-an-address")]
    [InlineData("203.0.113.0(255.255.255.0)")]
    public void ConnectorInvalidSenderIPAddress(string entry)
    {
        var result = Evaluate(Ip("198.51.100.7"), null, OnPremises("From on-premises", "198.51.100.7," + entry));
        var finding = Single(result, FindingCodes.ConnectorInvalidSenderIPAddress);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("From on-premises", finding.Subject);
        Assert.Contains($"'{entry}'", finding.Message);
        Assert.Contains($"Set-InboundConnector -Identity \"From on-premises\" -SenderIPAddresses @{{Remove=\"{entry}\"", finding.Remedy);
        Assert.Equal(MatchedBy.IPAddress, result.MatchedBy); // the rest of the connector still works
    }

    [Fact]
    public void ARangeIsReplacedByItsCidrBlocks()
    {
        var result = Evaluate(Ip("198.51.100.7"), null, OnPremises("C", "192.0.2.0-192.0.2.255,198.51.100.7"));
        Assert.Contains("@{Remove=\"192.0.2.0-192.0.2.255\"; Add=\"192.0.2.0/24\"}", Single(result, FindingCodes.ConnectorInvalidSenderIPAddress).Remedy);
    }

    [Fact]
    public void ATooWideBlockHoldingTheSenderIsReplacedByTheSender()
    {
        var result = Evaluate(Ip("203.0.113.25"), null, OnPremises("From on-premises", "203.0.0.0/16"));
        Assert.Contains("@{Remove=\"203.0.0.0/16\"; Add=\"203.0.113.25\"}", Single(result, FindingCodes.ConnectorInvalidSenderIPAddress).Remedy);
        Assert.Contains("would be refused", result.Connectors[0].Reason);
    }

    [Fact]
    public void ConnectorPrivateAddressOnAConnector()
    {
        var result = Evaluate(Ip("203.0.113.25"), null, OnPremises("From on-premises", "10.0.0.5,172.20.1.0/24"));
        var findings = result.Findings.Where(f => f.Code == FindingCodes.ConnectorPrivateAddress).ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("From on-premises", f.Subject));
        Assert.All(findings, f => Assert.Equal(Severity.Warning, f.Severity));
        Assert.Contains("@{Remove=\"10.0.0.5\"; Add=\"203.0.113.25\"}", findings[0].Remedy);
    }

    [Fact]
    public void ConnectorPrivateAddressOfTheSender()
    {
        var result = Evaluate(Ip("192.168.1.20"), null, OnPremises("From on-premises", "203.0.113.0/24"));
        var finding = Single(result, FindingCodes.ConnectorPrivateAddress);
        Assert.Equal("192.168.1.20", finding.Subject);
        Assert.Contains("ObservedClientAddress", finding.Remedy);
        // The no-match remedy must not propose adding a private address.
        Assert.DoesNotContain("Add=\"192.168.1.20\"", Single(result, FindingCodes.ConnectorNoMatch).Remedy);
    }

    [Fact]
    public void DocumentationAddressesAreNotPrivate()
    {
        var result = Evaluate(Ip("192.0.2.25"), null, OnPremises("C", "192.0.2.0/24,198.51.100.0/24,203.0.113.0/24"));
        None(result, FindingCodes.ConnectorPrivateAddress);
    }

    [Fact]
    public void ConnectorCertificateExpiring()
    {
        var sender = new SenderIdentity
        {
            Certificates = new[]
            {
                new SenderCertificate { Subject = "CN=mail.contoso.com", CommonNames = new[] { "mail.contoso.com" }, NotAfter = s_now.AddDays(10), Source = "-CertificatePath mail.cer" },
            },
        };
        var result = Evaluate(sender, null, OnPremises("From on-premises", certificateName: "mail.contoso.com"));
        var finding = Single(result, FindingCodes.ConnectorCertificateExpiring);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("mail.contoso.com", finding.Subject);
        Assert.Contains("-CertificatePath mail.cer", finding.Message);
        Assert.Contains("Set-InboundConnector -Identity \"From on-premises\" -TlsSenderCertificateName", finding.Remedy);
        Assert.Equal(s_now.AddDays(10), result.CertificateNotAfter);
        Assert.Equal(MatchedBy.Certificate, result.MatchedBy);
    }

    [Fact]
    public void ConnectorCertificateNotYetValid()
    {
        var sender = new SenderIdentity { Certificates = new[] { new SenderCertificate { CommonNames = new[] { "mail.contoso.com" }, NotBefore = s_now.AddDays(3), NotAfter = s_now.AddDays(90), Source = "-SendingServer mail.contoso.com" } } };
        var result = Evaluate(sender, null, OnPremises("C", certificateName: "mail.contoso.com"));
        var finding = Single(result, FindingCodes.ConnectorCertificateNotYetValid);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("not valid before", finding.Message);
        Assert.Equal(CheckStatus.Warning, result.Status);

        var skewed = new SenderIdentity { Certificates = new[] { new SenderCertificate { CommonNames = new[] { "mail.contoso.com" }, NotBefore = s_now.AddMinutes(2), NotAfter = s_now.AddDays(90) } } };
        None(Evaluate(skewed, null, OnPremises("C", certificateName: "mail.contoso.com")), FindingCodes.ConnectorCertificateNotYetValid);
    }

    [Theory]
    [InlineData(-3, true)]
    [InlineData(0, true)]
    [InlineData(29, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    [InlineData(365, false)]
    public void ExpiryWindow(int days, bool reported)
    {
        var sender = new SenderIdentity { Certificates = new[] { new SenderCertificate { CommonNames = new[] { "mail.contoso.com" }, NotAfter = s_now.AddDays(days) } } };
        var result = Evaluate(sender, null, OnPremises("C", certificateName: "mail.contoso.com"));
        Assert.Equal(reported, result.Findings.Any(f => f.Code == FindingCodes.ConnectorCertificateExpiring));
        if (days < 0)
        {
            Assert.Contains("expired", Single(result, FindingCodes.ConnectorCertificateExpiring).Message);
        }
    }

    [Fact]
    public void ConnectorOverlapAmongConnectorsNotMatchingTheSender()
    {
        var result = Evaluate(Ip("198.51.100.7"), null,
            OnPremises("Main", "198.51.100.7,203.0.113.0/24"),
            OnPremises("Backup", "203.0.113.128/25"),
            OnPremises("Other", "192.0.2.0/24", enabled: false));
        var finding = Single(result, FindingCodes.ConnectorOverlap);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("Main", finding.Subject);
        Assert.Contains("'Backup'", finding.Message);
        Assert.Contains("Set-InboundConnector -Identity \"Backup\" -SenderIPAddresses @{Remove=\"203.0.113.128/25\"}", finding.Remedy);
    }

    [Fact]
    public void ConnectorOverlapOfCertificateNames()
    {
        var result = Evaluate(Ip("198.51.100.7"), null,
            OnPremises("Main", "198.51.100.7"),
            OnPremises("A", certificateName: "*.contoso.com"),
            OnPremises("B", certificateName: "mail.contoso.com"));
        Assert.Equal("A", Single(result, FindingCodes.ConnectorOverlap).Subject);
    }

    [Fact]
    public void ConnectorInvalidCertificateName()
    {
        var result = Evaluate(Ip("198.51.100.7"), null, OnPremises("C", "198.51.100.7", "mail.*.contoso.com"));
        var finding = Single(result, FindingCodes.ConnectorInvalidCertificateName);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("C", finding.Subject);
        Assert.Contains("-TlsSenderCertificateName *.contoso.com", finding.Remedy);
    }

    [Fact]
    public void ProblemsOfTheIdentityComeThroughAndNothingIsClaimed()
    {
        var sender = new SenderIdentity { Problems = new[] { new Finding(FindingCodes.ConnectorSendingServerFailed, Severity.Error, "mail.contoso.com", "m", "r") } };
        var result = Evaluate(sender, null, OnPremises("C", "203.0.113.0/24"));
        Assert.Equal(CheckStatus.Error, result.Status);
        Single(result, FindingCodes.ConnectorSendingServerFailed);
        None(result, FindingCodes.ConnectorNoMatch);
        Assert.StartsWith("Not compared", result.Connectors[0].Reason);
    }

    [Fact]
    public void EveryConnectorIsListedInInputOrderWithAReason()
    {
        var result = Evaluate(Ip("203.0.113.25"), null,
            Partner("P", "203.0.113.25"),
            OnPremises("Off", "203.0.113.25", enabled: false),
            OnPremises("Used", "203.0.113.0/24"),
            OnPremises("Empty"));
        Assert.Equal(new[] { "P", "Off", "Used", "Empty" }, result.Connectors.Select(c => c.Name));
        Assert.All(result.Connectors, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
        Assert.Equal(new[] { false, false, true, false }, result.Connectors.Select(c => c.Selected));
        Assert.Contains("Partner", result.Connectors[0].Reason);
        Assert.Contains("disabled", result.Connectors[1].Reason);
        Assert.Contains("no SenderIPAddresses", result.Connectors[3].Reason);
    }

    [Fact]
    public void FindingsAreWorstFirst()
    {
        var result = Evaluate(Ip("198.51.100.99"), null, OnPremises("C", "10.0.0.1"));
        Assert.Equal(FindingCodes.ConnectorNoMatch, result.Findings[0].Code);
        Assert.True(result.Findings.Select(f => StatusRank.Of(f.Severity)).SequenceEqual(result.Findings.Select(f => StatusRank.Of(f.Severity)).OrderByDescending(x => x)));
    }

    [Fact]
    public void AssociatedAcceptedDomainsAreMentioned()
    {
        var connector = new InboundConnectorInfo { Name = "C", ConnectorType = ConnectorType.OnPremises, SenderIPAddresses = new[] { "203.0.113.25" }, AssociatedAcceptedDomains = new[] { "contoso.com" } };
        Assert.Contains("contoso.com (AssociatedAcceptedDomains)", Single(Evaluate(Ip("203.0.113.25"), null, connector), FindingCodes.ConnectorMatched).Message);
    }

    [Fact]
    public void ARemedyEndingWithACommandHasNoFullStopToCopyAlong()
    {
        var sender = new SenderIdentity { IPAddress = "198.51.100.99", GivenCertificateNames = new[] { "mail.contoso.com" } };
        var result = Evaluate(sender, null, OnPremises("C", "203.0.113.0/24"));
        Assert.EndsWith("-SenderIPAddresses @{Add=\"198.51.100.99\"}", Single(result, FindingCodes.ConnectorNoMatch).Remedy);
        var certificate = Evaluate(Names("mail.contoso.com"), null, OnPremises("C", certificateName: "mail.contoso.com"));
        Assert.All(certificate.Findings, f => Assert.False(f.Remedy.EndsWith("com.", StringComparison.Ordinal), f.Remedy));
    }

    [Fact]
    public void ANameWithAQuoteIsQuotedSafely()
    {
        var result = Evaluate(Ip("203.0.113.25"), null, OnPremises("Bob's \"relay\" $x", "203.0.113.25", enabled: false));
        Assert.Contains("-Identity 'Bob''s \"relay\" $x' -Enabled $true", Single(result, FindingCodes.ConnectorMatchDisabled).Remedy);
    }
}
