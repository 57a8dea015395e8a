using ATTR35.Formatting;
using Xunit;

namespace ATTR35.Tests.Formatting;

public class ViewTextTests
{
    private const string Esc = "\u001b";

    [Theory]
    [InlineData(CheckStatus.Pass, "Green")]
    [InlineData(CheckStatus.Warning, "Yellow")]
    [InlineData(CheckStatus.Fail, "Red")]
    [InlineData(CheckStatus.Error, "Magenta")]
    public void Each_status_has_its_colour(CheckStatus status, string colour) =>
        Assert.Equal(colour, ViewText.ColourOf(status.ToString()));

    [Fact]
    public void Information_is_not_coloured() =>
        Assert.Null(ViewText.ColourOf(nameof(Severity.Information)));

    [Fact]
    public void Colours_with_the_sequences_of_the_style() =>
        Assert.Equal(Esc + "[31mFail" + Esc + "[0m", ViewText.Status(CheckStatus.Fail, new FakeStyle("Host")));

    [Theory]
    [InlineData("PlainText")]
    [InlineData("plaintext")]
    public void Plain_text_rendering_gives_plain_text(string rendering) =>
        Assert.Equal("Fail", ViewText.Status(CheckStatus.Fail, new FakeStyle(rendering)));

    [Fact]
    public void No_style_gives_plain_text() =>
        Assert.Equal("Warning", ViewText.Status(Severity.Warning, null));

    [Fact]
    public void A_style_without_the_expected_members_gives_plain_text() =>
        Assert.Equal("Pass", ViewText.Status(CheckStatus.Pass, new object()));

    [Fact]
    public void A_finding_reads_as_a_sentence_with_its_remedy()
    {
        var finding = new Finding("MxLegacyHost", Severity.Fail, "mail.messaging.microsoft.com", "The record points at a retired name.", "Publish MX 0 contoso-com.mail.protection.outlook.com.");
        Assert.Equal(
            "Fail MxLegacyHost: The record points at a retired name. Remedy: Publish MX 0 contoso-com.mail.protection.outlook.com.",
            ViewText.Sentence(finding, null));
    }

    [Fact]
    public void Findings_are_one_sentence_per_line_with_the_severity_coloured()
    {
        var findings = new[]
        {
            new Finding("MxNotAssignedHost", Severity.Fail, "a", "First.", "Fix it."),
            new Finding("MxAssignedHost", Severity.Information, "b", "Second.", string.Empty),
        };
        Assert.Equal(
            Esc + "[31mFail" + Esc + "[0m MxNotAssignedHost: First. Remedy: Fix it.\nInformation MxAssignedHost: Second.",
            ViewText.Findings(findings, new FakeStyle("Ansi")));
    }

    [Fact]
    public void No_findings_give_an_empty_text()
    {
        Assert.Equal(string.Empty, ViewText.Findings(null, null));
        Assert.Equal(string.Empty, ViewText.WorstFinding(System.Array.Empty<Finding>()));
    }

    [Fact]
    public void Records_name_kind_cloud_alias_and_addresses()
    {
        var records = new[]
        {
            new MxRecordEntry { Preference = 0, Host = "contoso-com.mail.protection.outlook.com", HostKind = HostKind.Microsoft365, Cloud = Cloud.Worldwide, Addresses = new[] { "192.0.2.1", "2001:db8::1" } },
            new MxRecordEntry { Preference = 10, Host = "mx.contoso.com", HostKind = HostKind.Other, Cloud = Cloud.None, IsAlias = true },
        };
        Assert.Equal(
            "0 contoso-com.mail.protection.outlook.com (Microsoft365, Worldwide) 192.0.2.1, 2001:db8::1\n10 mx.contoso.com (Other, alias)",
            ViewText.Records(records));
        Assert.Equal("0 contoso-com.mail.protection.outlook.com, 10 mx.contoso.com", ViewText.RecordHosts(records));
    }

    [Fact]
    public void A_probe_summary_names_the_server_region_client_tls_and_reply()
    {
        var probe = new SmtpProbe
        {
            Address = "192.0.2.1:25",
            Banner = "220 BN8NAM11FT066.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready",
            BannerHost = "BN8NAM11FT066.mail.protection.outlook.com",
            Region = "NAM",
            ObservedClientAddress = "203.0.113.5",
            StartTlsOffered = true,
            StartTls = true,
            TlsProtocol = "Tls12",
            Certificate = new CertificateInfo { Subject = "CN=mail.protection.outlook.com", DnsNames = new[] { "mail.protection.outlook.com" }, ChainValid = true, NameMatches = true },
            RecipientReply = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.",
        };
        Assert.Equal(
            "192.0.2.1:25 BN8NAM11FT066.mail.protection.outlook.com (region NAM)\n"
            + "Sees this client as 203.0.113.5\n"
            + "TLS Tls12 certificate mail.protection.outlook.com (trusted, name matches)\n"
            + "RCPT TO: 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.",
            ViewText.Probe(probe));
        Assert.Equal(string.Empty, ViewText.Probe(null));
    }

    /// <summary>The members of PowerShell 7's $PSStyle that the views read.</summary>
    private sealed class FakeStyle
    {
        public FakeStyle(string rendering) => OutputRendering = rendering;

        public string OutputRendering { get; }

        public FakeForeground Foreground { get; } = new();

        public string Reset => Esc + "[0m";
    }

    private sealed class FakeForeground
    {
        public string Green => Esc + "[32m";

        public string Yellow => Esc + "[33m";

        public string Red => Esc + "[31m";

        public string Magenta => Esc + "[35m";
    }
}
