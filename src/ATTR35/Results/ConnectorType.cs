namespace ATTR35;

/// <summary>The type of an Exchange Online inbound connector (TenantConnectorType).</summary>
/// <remarks>Based on <see cref="long"/> so that ConvertTo-Json writes the name, not a number: see <see cref="CheckStatus"/>.</remarks>
public enum ConnectorType : long
{
    /// <summary>Mail from another organisation; does not attribute relayed mail to the tenant. Exchange Online's default.</summary>
    Partner,

    /// <summary>Mail from the tenant's own servers; attributes relayed mail to the tenant.</summary>
    OnPremises,
}
