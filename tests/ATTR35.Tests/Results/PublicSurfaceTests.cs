using System;
using System.Linq;
using Xunit;

namespace ATTR35.Tests.Results;

/// <summary>
/// The public types of ATTR35.dll are what users see: cmdlets and their bases, completers, result
/// types and their enums, what the format views call, and the module initializer PowerShell looks
/// for. Everything else is internal. A new public type is a decision: add it here, on purpose.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly string[] s_expected =
    {
        "ATTR35.Attr35Cause",
        "ATTR35.Attr35Diagnosis",
        "ATTR35.Attr35Event",
        "ATTR35.CertificateInfo",
        "ATTR35.CheckStatus",
        "ATTR35.Cloud",
        "ATTR35.Commands.CheckCommandBase`1",
        "ATTR35.Commands.CommandBase`1",
        "ATTR35.Commands.DomainNameCompleter",
        "ATTR35.Commands.ExpectedHostCompleter",
        "ATTR35.Commands.GetAttr35EventCommand",
        "ATTR35.Commands.SenderIPAddressCompleter",
        "ATTR35.Commands.ServerCompleter",
        "ATTR35.Commands.SmartHostCompleter",
        "ATTR35.Commands.TestAttr35Command",
        "ATTR35.Commands.TestInboundConnectorCommand",
        "ATTR35.Commands.TestMxRecordCommand",
        "ATTR35.Commands.TestSmartHostCommand",
        "ATTR35.ConnectorEvaluation",
        "ATTR35.ConnectorType",
        "ATTR35.EventSource",
        "ATTR35.Finding",
        "ATTR35.Formatting.ViewText",
        "ATTR35.HostKind",
        "ATTR35.InboundConnectorResult",
        "ATTR35.MatchedBy",
        "ATTR35.ModuleInitializer",
        "ATTR35.MxRecordEntry",
        "ATTR35.MxRecordResult",
        "ATTR35.ReplyKind",
        "ATTR35.Severity",
        "ATTR35.SmartHostDestination",
        "ATTR35.SmartHostResult",
        "ATTR35.SmtpProbe",
    };

    [Fact]
    public void The_module_assembly_exposes_exactly_the_types_users_see()
    {
        var actual = typeof(Finding).Assembly.GetExportedTypes().Select(t => t.FullName!).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(s_expected.OrderBy(n => n, StringComparer.Ordinal).ToArray(), actual);
    }

    [Fact]
    public void The_DnsClient_adapter_exposes_nothing()
    {
        var adapter = typeof(ATTR35.DnsClientAdapter.DnsClientTransport).Assembly;
        Assert.Empty(adapter.GetExportedTypes());
    }
}
