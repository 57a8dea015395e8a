using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Security;
using ATTR35.Smtp;
using Xunit;

namespace ATTR35.Tests.Smtp;

public class CertificateInspectorTests
{
    [Theory]
    [InlineData("mail.protection.outlook.com", "mail.protection.outlook.com", true)]
    [InlineData("Mail.Protection.Outlook.COM.", "mail.protection.outlook.com", true)]
    [InlineData("mail.protection.outlook.com", "MAIL.protection.outlook.com.", true)]
    [InlineData("contoso-com.mail.protection.outlook.com", "*.mail.protection.outlook.com", true)]
    [InlineData("CONTOSO-COM.mail.protection.outlook.com", "*.Mail.Protection.Outlook.com", true)]
    [InlineData("mail.protection.outlook.com", "*.mail.protection.outlook.com", false)] // the wildcard needs a label
    [InlineData("a.b.mail.protection.outlook.com", "*.mail.protection.outlook.com", false)] // exactly one label
    [InlineData("contoso.com", "*.com", false)] // never directly under a top-level domain
    [InlineData("mail.contoso.com", "m*.contoso.com", false)] // partial wildcards are not honoured
    [InlineData("mail.contoso.com", "mail.*.com", false)]
    [InlineData("mail.contoso.com", "*", false)]
    [InlineData("mail.contoso.com", "", false)]
    [InlineData("", "mail.contoso.com", false)]
    [InlineData("mail.contoso.com", "mail.contoso.com.evil.example", false)]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example", true)]
    public void DNS_names_match_per_RFC_6125(string serverName, string certificateName, bool matches) =>
        Assert.Equal(matches, CertificateInspector.MatchesServerName(serverName, new[] { certificateName }, Array.Empty<IPAddress>()));

    [Fact]
    public void Any_of_several_names_may_match() =>
        Assert.True(CertificateInspector.MatchesServerName("relay.contoso.com", new[] { "mail.contoso.com", "relay.contoso.com" }, Array.Empty<IPAddress>()));

    [Theory]
    [InlineData("192.0.2.1", true)]
    [InlineData("[192.0.2.1]", true)]
    [InlineData("192.0.2.2", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:DB8:0::1", true)]
    public void Addresses_match_IP_entries_only(string serverName, bool matches)
    {
        var addresses = new[] { IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1") };

        // A DNS entry spelling the address does not count (RFC 6125 6.2.1).
        var names = new[] { "192.0.2.1", "192.0.2.2" };
        Assert.Equal(matches, CertificateInspector.MatchesServerName(serverName, names, addresses));
    }

    [Fact]
    public void Describe_reads_every_SAN_entry_and_the_platform_verdict()
    {
        using var cert = TestCertificates.Create("CN=mail.contoso.com, O=Contoso", new[] { "mail.contoso.com", "*.relay.contoso.com", "autodiscover.contoso.com" }, new[] { IPAddress.Parse("192.0.2.25"), IPAddress.Parse("2001:db8::25") });

        var info = CertificateInspector.Describe(cert, null, SslPolicyErrors.None, "x.relay.contoso.com");
        Assert.Equal(new[] { "mail.contoso.com", "*.relay.contoso.com", "autodiscover.contoso.com" }, info.DnsNames);
        Assert.Equal(new[] { "192.0.2.25", "2001:db8::25" }, info.IPAddresses);
        Assert.True(info.ChainValid);
        Assert.True(info.NameMatches);
        Assert.Empty(info.ChainStatus);

        // The platform's verdict counts too: its name mismatch overrides our own match.
        info = CertificateInspector.Describe(cert, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, "mail.contoso.com");
        Assert.False(info.NameMatches);
        Assert.False(info.ChainValid);
    }

    [Fact]
    public void A_common_name_that_is_no_host_name_is_not_taken_as_one()
    {
        using var cert = TestCertificates.Create("CN=Contoso Mail Gateway", Array.Empty<string>());
        var info = CertificateInspector.Describe(cert, null, SslPolicyErrors.None, "mail.contoso.com");
        Assert.Empty(info.DnsNames);
        Assert.False(info.NameMatches);
    }

    [Fact]
    public void Malformed_SAN_data_yields_what_could_be_read_and_never_throws()
    {
        // SEQUENCE { [2] "a.example", [2] "b.example" } and then truncated variants of it.
        var good = new byte[] { 0x30, 0x16, 0x82, 0x09 }.Concat("a.example"u8.ToArray()).Concat(new byte[] { 0x82, 0x09 }).Concat("b.example"u8.ToArray()).ToArray();
        var names = new List<string>();
        var addresses = new List<IPAddress>();
        CertificateInspector.ParseSubjectAltNames(good, names, addresses);
        Assert.Equal(new[] { "a.example", "b.example" }, names);

        for (var length = 0; length < good.Length; length++)
        {
            names.Clear();
            CertificateInspector.ParseSubjectAltNames(good.Take(length).ToArray(), names, addresses);
            Assert.True(names.Count <= 1);
        }

        // Lengths that point past the end, long forms, and an iPAddress of the wrong size.
        foreach (var bad in new[]
        {
            new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF },
            new byte[] { 0x30, 0x05, 0x82, 0x7F, 0x61 },
            new byte[] { 0x30, 0x03, 0x87, 0x01, 0x01 },
            new byte[] { 0x04, 0x00 },
            Array.Empty<byte>(),
        })
        {
            names.Clear();
            addresses.Clear();
            CertificateInspector.ParseSubjectAltNames(bad, names, addresses);
            Assert.Empty(names);
            Assert.Empty(addresses);
        }
    }
}
