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
