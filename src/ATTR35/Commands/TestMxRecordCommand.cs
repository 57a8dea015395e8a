using System;
using System.Management.Automation;
using ATTR35.Checks;
using ATTR35.Microsoft365;
using ATTR35.Base;

namespace ATTR35.Commands;

/// <summary>
/// <para type="synopsis">Checks that every published MX record of a domain uses only the tenant's assigned Microsoft 365 host.</para>
/// <para type="description">The first of Microsoft's three checks for ATTR35 deferrals.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "MxRecord")]
[OutputType(typeof(MxRecordResult), typeof(bool))]
public sealed class TestMxRecordCommand : CheckCommandBase<MxRecordResult>
{
    private MxRecordCheck? _check;

    /// <summary>
    /// <para type="description">The domain to check (several may be given). Accepts Get-AcceptedDomain objects (DomainName), Graph domains (Id is not bound; pipe Name) and Graph service configuration records (Label).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "Domain", "Label")]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(DomainNameCompleter))]
    public string[] DomainName { get; set; } = Array.Empty<string>();

    /// <summary>
    /// <para type="description">The tenant's assigned host for the domain, such as contoso-com.mail.protection.outlook.com.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("MailExchange", "ExpectedMxRecord", "DnssecMxValue")]
    [ArgumentCompleter(typeof(ExpectedHostCompleter))]
    public string? ExpectedHost { get; set; }

    /// <summary>
    /// <para type="description">Also ask every authoritative name server of the domain directly and report disagreement.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Authoritative { get; set; }

    /// <inheritdoc/>
    protected override bool IsPassing(MxRecordResult result) => result.Status is CheckStatus.Pass or CheckStatus.Warning;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _check = new MxRecordCheck(Resolver);
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Several domains given at once (Test-MxRecord a.com, b.com) are checked one by one, as
        // if piped, each with the same -ExpectedHost.
        foreach (var input in DomainName)
        {
            CheckOne(input ?? string.Empty);
        }
    }

    private void CheckOne(string input)
    {
        if (!DomainNameValidator.TryNormalize(input, out var domain, out var reason))
        {
            SubmitError(InvalidInput(ErrorIds.InvalidDomainName,
                $"'{input}' is not a valid domain name: {reason}. Give a domain such as contoso.com.", input));
            return;
        }

        if (!TryReadExpectedHost(ExpectedHost, domain, out var expected))
        {
            return;
        }

        var check = _check!;
        var authoritative = Authoritative.IsPresent;
        Submit(ct => check.RunAsync(domain, expected, authoritative, ct), input);
    }
}
