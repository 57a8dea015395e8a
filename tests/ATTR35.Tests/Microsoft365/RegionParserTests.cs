using ATTR35.Microsoft365;
using Xunit;

namespace ATTR35.Tests.Microsoft365;

public class RegionParserTests
{
    [Theory]
    [InlineData("BN8NAM11FT066.mail.protection.outlook.com", "NAM")]
    [InlineData("VE1EUR01FT034", "EUR")]
    [InlineData("BO1IND01FT010.mail.protection.outlook.com", "IND")]
    [InlineData("QB1CAN01FT005", "CAN")]
    [InlineData("CY1USG02FT007", "USG")]
    [InlineData("BJSCHN02FT006", "CHN")]
    [InlineData("bn8nam11ft066", "NAM")]
    [InlineData("BN8NAM11FT066.eop-nam11.prod.protection.outlook.com", "NAM")]
    [InlineData("SJ5PEPF000001F2.namprd04.prod.outlook.com", "NAM")]
    [InlineData("something.eop-EUR01.prod.protection.outlook.com", "EUR")]
    public void Reads_the_region(string name, string region) => Assert.Equal(region, RegionParser.FromServerName(name));

    [Theory]
    [InlineData("SJ5PEPF000001F2.mail.protection.outlook.com")]
    [InlineData("mail.contoso.com")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("BN8XYZ11FT066")]
    public void No_region(string? name) => Assert.Null(RegionParser.FromServerName(name));
}

public class RegionParserFormsTests
{
    [Theory]
    [InlineData("DM6NAM11FT074", "NAM")]
    [InlineData("SG2APC01FT0008", "APC")]
    [InlineData("DM6NAM11HT074.eop-nam11.prod.protection.outlook.com", "NAM")]
    [InlineData("AMS0EPF0000019A.GBRP265.PROD.OUTLOOK.COM", "GBR")]
    [InlineData("X.JPNP222.PROD.OUTLOOK.COM", "JPN")]
    [InlineData("SJ5PEPF000001F2.eurprd05.prod.outlook.com", "EUR")]
    [InlineData("SJ5PEPF000001F2.Eop-apc02.prod.protection.outlook.com", "APC")]
    public void Reads_every_name_form(string name, string region) => Assert.Equal(region, RegionParser.FromServerName(name));

    [Theory]
    [InlineData("SYXPR01CA0082.ausprd01.prod.outlook.com")]
    [InlineData("PN3PR01CA0125.INDPRD01.PROD.OUTLOOK.COM")]
    [InlineData("CWXP265CA0023.GBRP265.PROD.OUTLOOK.COM")]
    [InlineData("mail-am6eur05lp2106.outbound.protection.outlook.com")]
    [InlineData("mail-x.eurprd05-obe.outbound.protection.outlook.com")]
    [InlineData("xyz.olc.protection.outlook.com")]
    [InlineData("AMS0EPF0000019A")]
    [InlineData("host.abcp123.example")]
    public void Names_that_are_not_the_region_reached(string name) => Assert.Null(RegionParser.FromServerName(name));

    [Theory]
    [InlineData("SYXPR01CA0082.ausprd01.prod.outlook.com", true)]
    [InlineData("CWXP265CA0023", true)]
    [InlineData("DM6PR11MB1234.namprd11.prod.outlook.com", false)]
    [InlineData("BN8NAM11FT066", false)]
    public void Tells_client_access_names(string name, bool expected) => Assert.Equal(expected, RegionParser.IsClientAccessName(name));
}
