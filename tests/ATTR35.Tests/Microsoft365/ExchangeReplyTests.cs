using System;
using ATTR35.Microsoft365;
using Xunit;

namespace ATTR35.Tests.Microsoft365;

// The reply forms of DOMAIN.md ("Exchange Online replies as admins meet them"), with invented names.
public class ExchangeReplyTests
{
    private const string Link = "For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268";

    [Theory]
    // text, code (0 = none), enhanced, token, kind
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. " + Link + " [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]", 451, "4.4.62", "ATTR35", ReplyKind.Attr35)]
    [InlineData("451 4.4.62 Mail sent to the wrong Microsoft 365 region. ATTR35. For more information please go to  https://go.microsoft.com/fwlink/?linkid=865268", 451, "4.4.62", "ATTR35", ReplyKind.Attr35)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region, ATTR35.", 451, "4.4.62", "ATTR35", ReplyKind.Attr35)]
    [InlineData("451 4.4.62 mail sent to the wrong office 365 region. attr35.", 451, "4.4.62", "ATTR35", ReplyKind.Attr35)]
    [InlineData("421 4.4.62 Mail sent to the wrong Office 365 region. ATTR35", 421, "4.4.62", "ATTR35", ReplyKind.Attr35)]
    [InlineData("451 4.4.62 Mail sent to the wrong region", 451, "4.4.62", null, ReplyKind.Other)]
    [InlineData("550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT010.eop-nam02.prod.protection.outlook.com]", 550, "5.7.64", null, ReplyKind.TenantAttribution)]
    [InlineData("550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set [AM4EUR03FT012.eop-EUR03.prod.protection.outlook.com]", 550, "5.7.51", null, ReplyKind.TenantInboundAttribution)]
    [InlineData("550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources [DB5EUR01FT044.eop-eur01.prod.protection.outlook.com]", 550, "5.7.68", null, ReplyKind.TenantInboundAttribution)]
    [InlineData("550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [ME3AUS01FT009.eop-AUS01.prod.protection.outlook.com]", 550, "5.4.1", null, ReplyKind.RecipientRejected)]
    [InlineData("452 4.5.3 Recipients belong to multiple regions ATTR38 [TY1JPN01FT003.eop-jpn01.prod.protection.outlook.com]", 452, "4.5.3", "ATTR38", ReplyKind.MultipleRegions)]
    [InlineData("554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [PR3EUR02FT021.eop-eur02.prod.protection.outlook.com]", 554, "5.4.14", "ATTR34", ReplyKind.MailLoop)]
    [InlineData("451 4.4.4 Mail received as unauthenticated, incoming to a recipient domain configured in a hosted tenant which has no mail-enabled subscriptions. ATTR5 [CO1NAM04FT018.eop-nam04.prod.protection.outlook.com]", 451, "4.4.4", "ATTR5", ReplyKind.NoMailSubscription)]
    [InlineData("451 4.3.2 Temporary server error. Please try again later ATTR55.1 [LO2GBR01FT007.eop-gbr01.prod.protection.outlook.com]", 451, "4.3.2", "ATTR55.1", ReplyKind.TemporaryError)]
    [InlineData("451 4.4.3 Temporary server error. Please try again later. ATTR17 [SY4AUS01FT011.eop-aus01.prod.protection.outlook.com]", 451, "4.4.3", "ATTR17", ReplyKind.TemporaryError)]
    [InlineData("451 4.7.500 Server busy. Please try again later from [203.0.113.9]. (AS761) [BL2NAM02FT055.eop-nam02.prod.protection.outlook.com]", 451, "4.7.500", null, ReplyKind.Throttled)]
    [InlineData("451 4.7.650 The mail server [198.51.100.7] has been temporarily rate limited due to IP reputation. [VI1EUR04FT030.eop-eur04.prod.protection.outlook.com]", 451, "4.7.650", null, ReplyKind.Throttled)]
    [InlineData("421 4.3.2 The maximum number of concurrent connections has exceeded a limit per resource forest, closing transmission channel [HE1EUR04FT015.eop-eur04.prod.protection.outlook.com]", 421, "4.3.2", null, ReplyKind.Throttled)]
    [InlineData("550 5.7.606 Access denied, banned sending IP [198.51.100.7]. To request removal from this list please visit https://sender.office.com/ (AS16012609) [DM3NAM06FT004.eop-nam06.prod.protection.outlook.com]", 550, "5.7.606", null, ReplyKind.Blocked)]
    [InlineData("550 5.7.1 Service unavailable, Client host [198.51.100.7] blocked using Spamhaus. (S3140) [BN1NAM02FT023.eop-nam02.prod.protection.outlook.com]", 550, "5.7.1", null, ReplyKind.Blocked)]
    [InlineData("530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM [SYXPR01CA0082.ausprd01.prod.outlook.com]", 530, "5.7.57", null, ReplyKind.ClientSubmission)]
    [InlineData("451 5.7.3 STARTTLS is required to send mail [PN3PR01CA0125.INDPRD01.PROD.OUTLOOK.COM]", 451, "5.7.3", null, ReplyKind.ClientSubmission)]
    [InlineData("535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. [CWXP265CA0023.GBRP265.PROD.OUTLOOK.COM]", 535, "5.7.139", null, ReplyKind.ClientSubmission)]
    [InlineData("450 4.7.1 Unable to Relay ATTR14 [CH2NAM10FT061.eop-nam10.prod.protection.outlook.com]", 450, "4.7.1", "ATTR14", ReplyKind.Other)]
    public void Reads_code_token_and_kind(string text, int code, string enhanced, string? token, ReplyKind kind)
    {
        Assert.True(ExchangeReply.TryParse(text, out var reply), text);
        Assert.Equal(code == 0 ? null : code, reply!.Code);
        Assert.Equal(enhanced, reply.EnhancedCode);
        Assert.Equal(token, reply.AttrToken);
        Assert.Equal(kind, reply.Kind);
    }

    [Theory]
    // text, front end, region
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com]", "VE1EUR01FT034.eop-eur01.prod.protection.outlook.com", "EUR")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [Hostname=BO1IND01FT010.eop-ind01.prod.protection.outlook.com]", "BO1IND01FT010.eop-ind01.prod.protection.outlook.com", "IND")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BN8NAM11FT066]", "BN8NAM11FT066", "NAM")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.namprd05.prod.outlook.com]", "SJ5PEPF000001F2.namprd05.prod.outlook.com", "NAM")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.mail.protection.outlook.com]", "SJ5PEPF000001F2.mail.protection.outlook.com", null)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [AMS0EPF0000019A.GBRP265.PROD.OUTLOOK.COM]", "AMS0EPF0000019A.GBRP265.PROD.OUTLOOK.COM", "GBR")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BL02EPF00021F6A.eop-NAM04.prod.protection.outlook.com]", "BL02EPF00021F6A.eop-NAM04.prod.protection.outlook.com", "NAM")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [XY9ZAF01FT002.Eop-zaf01.prod.protection.outlook.com]", "XY9ZAF01FT002.Eop-zaf01.prod.protection.outlook.com", "ZAF")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [CY1USG02FT007.eop-usg02.itar.protection.office365.us]", "CY1USG02FT007.eop-usg02.itar.protection.office365.us", "USG")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BJSCHN02FT006.eop-chn02.prod.protection.partner.outlook.cn]", "BJSCHN02FT006.eop-chn02.prod.protection.partner.outlook.cn", "CHN")]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35 [203.0.113.5]", null, null)]
    [InlineData("451 4.4.62 [ATTR35] wrong region", null, null)]
    // Throttling tags before the bracket; an address in brackets first.
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. AS(201806281) (S3140) [QB1CAN01FT005.eop-can01.prod.protection.outlook.com]", "QB1CAN01FT005.eop-can01.prod.protection.outlook.com", "CAN")]
    // Client access and outbound names are never the region reached.
    [InlineData("530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM [SYXPR01CA0082.ausprd01.prod.outlook.com]", "SYXPR01CA0082.ausprd01.prod.outlook.com", null)]
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [mail-am6eur05lp2106.outbound.protection.outlook.com]", "mail-am6eur05lp2106.outbound.protection.outlook.com", null)]
    // A truncated bracket still names its host.
    [InlineData("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [DB7EUR03FT019.eop-eur03.prod.protection.outl", "DB7EUR03FT019.eop-eur03.prod.protection.outl", "EUR")]
    public void Reads_the_bracket_and_region(string text, string? frontEnd, string? region)
    {
        Assert.True(ExchangeReply.TryParse(text, out var reply), text);
        Assert.Equal(frontEnd, reply!.FrontEnd);
        Assert.Equal(region, reply.Region);
    }

    [Fact]
    public void Reads_the_2023_bracket_with_time_and_id_and_several_brackets()
    {
        var text = "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. " + Link
            + " [SJ5PEPF000001F2.namprd02.prod.outlook.com 2026-11-30T09:14:07.123Z 08DD0F1E2A3B4C5D] [DM6NAM12FT041.eop-nam12.prod.protection.outlook.com 2026-11-30T09:14:07.120Z 08DD0F1E2A3B4C5E]";
        Assert.True(ExchangeReply.TryParse(text, out var reply));
        Assert.Equal("SJ5PEPF000001F2.namprd02.prod.outlook.com", reply!.FrontEnd);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 14, 7, 123, TimeSpan.Zero), reply.BracketTime);
        Assert.Equal("08DD0F1E2A3B4C5D", reply.BracketId);
        Assert.Equal("NAM", reply.Region);
        Assert.Equal(text, reply.Text);
    }

    [Theory]
    // Exchange Server's queue wrapper.
    [InlineData("451 4.4.395 Target host responded with error. -> 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [KL1APC01FT012.eop-apc01.prod.protection.outlook.com]",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [KL1APC01FT012.eop-apc01.prod.protection.outlook.com]")]
    // Message tracking and message trace: LED wrapper, then more fields and the proxy trailer.
    [InlineData("[{LRT=12/1/2026 10:02:03 AM};{LED=451 4.4.395 Target host responded with error. -> 451 4.4.62 Mail sent to the wrong Microsoft 365 region. ATTR35. [FR2DEU01FT004.eop-deu01.prod.protection.outlook.com]};{MSG=};{FQDN=fabrikam-example.mail.protection.outlook.com};{IP=198.51.100.25};{LRT=}]",
        "451 4.4.62 Mail sent to the wrong Microsoft 365 region. ATTR35. [FR2DEU01FT004.eop-deu01.prod.protection.outlook.com]")]
    [InlineData("Reason: [{LED=451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [PA1FRA01FT009.eop-fra01.prod.protection.outlook.com]};{MSG=};{FQDN=tailspin-example.mail.protection.outlook.com};{IP=198.51.100.26};{LRT=12/1/2026 10:02:03 AM}]. OutboundProxyTargetIP: 198.51.100.26. OutboundProxyTargetHostName: tailspin-example.mail.protection.outlook.com",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [PA1FRA01FT009.eop-fra01.prod.protection.outlook.com]")]
    // Postfix: the reply inside "(host ... said: ... (in reply to RCPT TO command))".
    [InlineData("Dec  1 10:00:01 mx1 postfix/smtp[4242]: 9A1B2C3D4E: to=<ann@fabrikam.example>, relay=fabrikam-example.mail.protection.outlook.com[198.51.100.25]:25, delay=0.4, delays=0.01/0/0.2/0.19, dsn=4.4.62, status=deferred (host fabrikam-example.mail.protection.outlook.com[198.51.100.25] said: 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SE1SWE01FT003.eop-swe01.prod.protection.outlook.com] (in reply to RCPT TO command))",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SE1SWE01FT003.eop-swe01.prod.protection.outlook.com]")]
    // An NDR line: "returned '...'" quotes the reply.
    [InlineData("12/1/2026 10:02:03 AM - Remote Server at fabrikam-example.mail.protection.outlook.com (198.51.100.25) returned '451 4.4.395 Target host responded with error. -> 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SE1SWE01FT003.eop-swe01.prod.protection.outlook.com]'",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SE1SWE01FT003.eop-swe01.prod.protection.outlook.com]")]
    // A delay NDR names Exchange's own 4.4.7 first.
    [InlineData("Remote Server returned '400 4.4.7 Message delayed' ... '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.'", "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.")]
    // Multi-line reply: continuation lines joined.
    [InlineData("451-4.4.62 Mail sent to the wrong Office 365 region.\n451 ATTR35. [CY1USG02FT007.eop-usg02.itar.protection.office365.us]",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [CY1USG02FT007.eop-usg02.itar.protection.office365.us]")]
    [InlineData("451-4.4.62 Mail sent to the wrong Office 365 region. ATTR35.\r\n451 4.4.62 [BJSCHN02FT006.eop-chn02.prod.protection.partner.outlook.cn]",
        "451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BJSCHN02FT006.eop-chn02.prod.protection.partner.outlook.cn]")]
    public void Unwraps_to_the_inner_reply(string text, string inner)
    {
        Assert.True(ExchangeReply.TryParse(text, out var reply), text);
        Assert.Equal(inner, reply!.Text);
        Assert.Equal(ReplyKind.Attr35, reply.Kind);
        Assert.Equal(451, reply.Code);
        Assert.Equal("4.4.62", reply.EnhancedCode);
    }

    [Fact]
    public void The_region_comes_from_any_name_in_the_text_when_the_bracket_has_none()
    {
        var text = "Generating server: SJ0PR11MB4321.namprd11.prod.outlook.com\nbob@fabrikam.example\nRemote Server returned '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [SJ5PEPF000001F2.mail.protection.outlook.com]'";
        Assert.True(ExchangeReply.TryParse(text, out var reply));
        Assert.Equal("SJ5PEPF000001F2.mail.protection.outlook.com", reply!.FrontEnd);
        Assert.Equal("NAM", reply.Region);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("250 2.1.5 Recipient OK")]
    [InlineData("452 4.2.2 The email account that you tried to reach is over quota. gmail-smtp-in.l.google.com")]
    [InlineData("451 14.4.620 ATTR35")]
    [InlineData("ATTR35 without any code")]
    [InlineData("Dec  1 10:00:01 mx1 postfix/qmgr[4241]: 9A1B2C3D4E: from=<ann@fabrikam.example>, size=1234, nrcpt=1 (queue active)")]
    public void Text_without_an_Exchange_Online_reply_is_not_one(string? text) =>
        Assert.False(ExchangeReply.TryParse(text, out _), text);

    [Theory]
    [InlineData("451 4.4.621 Mail sent to the wrong Office 365 region. ATTR35")]
    [InlineData("451 4.4.62 ATTR350 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]")]
    [InlineData("451 4.4.62 XATTR35 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]")]
    [InlineData("451 4.4.62.1 Mail sent to the wrong Office 365 region. ATTR35")]
    [InlineData("451 4.4.63 Mail sent to the wrong Office 365 region. ATTR35")]
    public void Near_misses_are_not_ATTR35(string text) =>
        Assert.False(ExchangeReply.TryParse(text, out var reply) && reply!.Kind == ReplyKind.Attr35, text);

    [Fact]
    public void Hostile_text_never_throws_and_finishes()
    {
        var huge = "451 4.4.62 " + new string('[', 60_000) + " ATTR35 " + new string('a', 60_000) + "\u0000\u001b[31m";
        Assert.True(ExchangeReply.TryParse(huge, out var reply));
        Assert.Equal(ReplyKind.Attr35, reply!.Kind);
        foreach (var text in new[] { "451 4.4.62 ATTR35 [", "[[[[]]]]", "451-", "451-4.4.62\n451-\n451-\n", "{LED=};", "-> -> ->", "'", "4.4.62 ATTR35 outlook.com" })
        {
            ExchangeReply.TryParse(text, out _);
        }
    }
}
