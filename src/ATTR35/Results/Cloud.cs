namespace ATTR35;

/// <summary>The Microsoft cloud a host belongs to.</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum Cloud : long
{
    /// <summary>Not a Microsoft host, or the cloud cannot be told.</summary>
    None,

    /// <summary>Microsoft 365 worldwide (commercial, GCC).</summary>
    Worldwide,

    /// <summary>GCC High and DoD (office365.us).</summary>
    USGovernment,

    /// <summary>Microsoft 365 operated by 21Vianet (partner.outlook.cn).</summary>
    China,

    /// <summary>The retired Microsoft Cloud Deutschland (outlook.de).</summary>
    Germany,
}
