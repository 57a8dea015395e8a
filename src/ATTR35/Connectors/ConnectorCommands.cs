using System.Collections.Generic;
using System.Linq;

namespace ATTR35.Connectors;

/// <summary>
/// The Exchange Online commands remedies tell the admin to run, written exactly as they are typed, so
/// a remedy can be copied into the shell. Multivalued properties change with <c>@{Add=..; Remove=..}</c>.
/// </summary>
internal static class ConnectorCommands
{
    /// <summary>The name a remedy proposes for a new connector.</summary>
    public const string NewConnectorName = "From on-premises";

    /// <summary>A PowerShell string literal for the value: double quotes unless that would expand something.</summary>
    public static string Quote(string value) =>
        value.IndexOfAny(new[] { '"', '$', '`' }) >= 0
            ? "'" + value.Replace("'", "''") + "'"
            : "\"" + value + "\"";

    public static string AddAddresses(string connector, params string[] add) =>
        $"Set-InboundConnector -Identity {Quote(connector)} -SenderIPAddresses @{{Add={List(add)}}}";

    public static string RemoveAddresses(string connector, IEnumerable<string> remove) =>
        $"Set-InboundConnector -Identity {Quote(connector)} -SenderIPAddresses @{{Remove={List(remove)}}}";

    public static string ReplaceAddresses(string connector, string remove, IEnumerable<string> add) =>
        $"Set-InboundConnector -Identity {Quote(connector)} -SenderIPAddresses @{{Remove={Quote(remove)}; Add={List(add)}}}";

    public static string SetCertificateName(string connector, string name) =>
        $"Set-InboundConnector -Identity {Quote(connector)} -TlsSenderCertificateName {name}";

    public static string Enable(string connector) => $"Set-InboundConnector -Identity {Quote(connector)} -Enabled $true";

    public static string Disable(string connector) => $"Set-InboundConnector -Identity {Quote(connector)} -Enabled $false";

    public static string MakeOnPremises(string connector) => $"Set-InboundConnector -Identity {Quote(connector)} -ConnectorType OnPremises";

    /// <summary>A new OnPremises connector for the sender, by certificate when a name is known (Microsoft's recommendation), else by address.</summary>
    public static string NewConnector(string? address, string? certificateName) => certificateName is not null
        ? $"New-InboundConnector -Name {Quote(NewConnectorName)} -ConnectorType OnPremises -SenderDomains * -RequireTls $true -TlsSenderCertificateName {certificateName}"
        : $"New-InboundConnector -Name {Quote(NewConnectorName)} -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses {address ?? "<the public IPv4 address of the sending server>"}";

    private static string List(IEnumerable<string> values) => string.Join(",", values.Select(Quote));
}
