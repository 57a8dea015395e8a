using ATTR35.Microsoft365;
using Xunit;

namespace ATTR35.Tests.Microsoft365;

public class Attr35ReplyTests
{
    [Theory]
    // reply, server name (null = none), region, code (0 = none)
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
        "BN8NAM11FT066.eop-nam11.prod.protection.outlook.com", "NAM", 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Microsoft 365 region. ATTR35. [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com]",
        "VE1EUR01FT034.eop-eur01.prod.protection.outlook.com", "EUR", 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region, ATTR35.", null, null, 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.", null, null, 451)]
    [InlineData("451 4.4.62 mail sent to the wrong office 365 region. attr35. for more information go to https://go.microsoft.com/fwlink/p/?linkid=865268",
        null, null, 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35 [SJ5PEPF000001F2.namprd05.prod.outlook.com]",
        "SJ5PEPF000001F2.namprd05.prod.outlook.com", "NAM", 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.mail.protection.outlook.com]",
        "SJ5PEPF000001F2.mail.protection.outlook.com", null, 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [Hostname=BO1IND01FT010.eop-ind01.prod.protection.outlook.com]",
        "BO1IND01FT010.eop-ind01.prod.protection.outlook.com", "IND", 451)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BN8NAM11FT066]", "BN8NAM11FT066", "NAM", 451)]
    // Postfix (the lab) puts the recipient and its own words first.
    [InlineData("451 4.4.62 <attr35@contoso.com>: Recipient address rejected: Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]",
        "BN8NAM11FT066.eop-nam11.prod.protection.outlook.com", "NAM", 451)]
    // A relay's bounce quoting the remote reply: the last bracketed name is EOP's.
    [InlineData("4.4.7 [relay.contoso.com] remote server said: 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [QB1CAN01FT005.eop-can01.prod.protection.outlook.com]",
        "QB1CAN01FT005.eop-can01.prod.protection.outlook.com", "CAN", 0)]
    // Multi-line replies, both markers on different lines.
    [InlineData("451-4.4.62 Mail sent to the wrong Office 365 region.\n451 ATTR35. [CY1USG02FT007.eop-usg02.prod.protection.outlook.com]",
        "CY1USG02FT007.eop-usg02.prod.protection.outlook.com", "USG", 451)]
    [InlineData("451-4.4.62 Mail sent to the wrong Office 365 region. ATTR35.\r\n451 [BJSCHN02FT006.eop-chn02.prod.protection.partner.outlook.cn]",
        "BJSCHN02FT006.eop-chn02.prod.protection.partner.outlook.cn", "CHN", 451)]
    // Bracketed things that are not server names.
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35 [203.0.113.5]", null, null, 451)]
    [InlineData("451 4.4.62 [ATTR35] wrong region", null, null, 451)]
    public void Recognises_the_deferral_and_its_server(string text, string? serverName, string? region, int code)
    {
        Assert.True(Attr35Reply.TryParse(text, out var reply));
        Assert.NotNull(reply);
        Assert.Equal(serverName, reply!.ServerName);
        Assert.Equal(region, reply.Region);
        Assert.Equal(code == 0 ? null : code, reply.Code);
        Assert.Equal(text, reply.Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("250 2.1.5 Recipient OK")]
    [InlineData("550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT010.eop-nam02.prod.protection.outlook.com]")]
    [InlineData("451 4.4.62 Mail sent to the wrong region")]
    [InlineData("451 4.7.500 Server busy. ATTR35 is not the reason")]
    [InlineData("451 14.4.620 ATTR35")]
    [InlineData("451 4.4.621 ATTR35")]
    [InlineData("451 4.4.62 ATTR350")]
    [InlineData("451 4.4.62 XATTR35")]
    public void Other_replies_are_not_ATTR35(string? text)
    {
        Assert.False(Attr35Reply.TryParse(text, out var reply));
        Assert.Null(reply);
    }
}
