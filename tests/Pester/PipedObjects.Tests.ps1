# Objects as admins already hold them, piped into Test-MxRecord as they come: Graph PowerShell's
# Get-MgDomainServiceConfigurationRecord (every record type, the MX host in AdditionalProperties),
# the Graph REST JSON after ConvertFrom-Json, and the objects of the Exchange Online DNSSEC cmdlets.
# The objects are built here in the shapes those modules emit (shared/DOMAIN.md, "Shapes of
# objects admins pipe in"): .NET types of the same names where the modules use .NET types.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:dns = Get-LabDns

    if (-not ('Microsoft.Graph.PowerShell.Models.MicrosoftGraphDomainDnsRecord' -as [type])) {
        Add-Type -TypeDefinition @'
namespace Microsoft.Graph.PowerShell.Models
{
    using System.Collections.Generic;
    // The shape of Graph PowerShell's domainDnsRecord: the base members as properties, the
    // members of the derived record types (mailExchange, text, canonicalName, ...) in
    // AdditionalProperties, next to @odata.type.
    public class MicrosoftGraphDomainDnsRecord
    {
        public string Id { get; set; }
        public bool? IsOptional { get; set; }
        public string Label { get; set; }
        public string RecordType { get; set; }
        public string SupportedService { get; set; }
        public int? Ttl { get; set; }
        public IDictionary<string, object> AdditionalProperties { get; } = new Dictionary<string, object>();
        public override string ToString() { return GetType().FullName; }
    }
}
namespace Microsoft.Exchange.Management.ProvisioningTasks
{
    // What Get-DnssecStatusForVerifiedDomain nests: shown in its output by type name only.
    public class ExpectedMxRecordInfo
    {
        public string Record { get; set; }
        public override string ToString() { return GetType().FullName; }
    }
    public class MxValidationResult
    {
        public string[] ActualMxRecords { get; set; }
        public override string ToString() { return GetType().FullName; }
    }
}
'@
    }

    function New-GraphRecord {
        param([string] $Label, [string] $Type, [hashtable] $Extra)
        $record = [Microsoft.Graph.PowerShell.Models.MicrosoftGraphDomainDnsRecord]@{
            Id = [guid]::NewGuid().ToString(); IsOptional = $false; Label = $Label; RecordType = $Type
            SupportedService = $(if ($Type -eq 'Mx' -or $Type -eq 'Txt') { 'Email' } elseif ($Type -eq 'Srv') { 'OfficeCommunicationsOnline' } else { 'Email' }); Ttl = 3600
        }
        $record.AdditionalProperties['@odata.type'] = "#microsoft.graph.domainDns$($Type)Record"
        foreach ($key in $Extra.Keys) { $record.AdditionalProperties[$key] = $Extra[$key] }
        $record
    }

    # What Get-MgDomainServiceConfigurationRecord -DomainId <domain> returns for an Exchange and
    # Teams domain: one Mx, one Txt (SPF), CNames and Srvs, the Mx neither first nor last.
    function Get-GraphRecords {
        param([string] $Domain, [string] $MailExchange)
        New-GraphRecord "autodiscover.$Domain" 'CName' @{ canonicalName = 'autodiscover.outlook.com' }
        New-GraphRecord $Domain 'Txt' @{ text = 'v=spf1 include:spf.protection.outlook.com -all' }
        New-GraphRecord $Domain 'Mx' @{ mailExchange = $MailExchange; preference = 0 }
        New-GraphRecord "sip.$Domain" 'CName' @{ canonicalName = 'sipdir.online.lync.com' }
        New-GraphRecord $Domain 'Srv' @{ nameTarget = 'sipdir.online.lync.com'; port = 443; priority = 100; protocol = '_tls'; service = '_sip'; weight = 1 }
        New-GraphRecord $Domain 'Srv' @{ nameTarget = 'sipfed.online.lync.com'; port = 5061; priority = 100; protocol = '_tcp'; service = '_sipfederationtls'; weight = 1 }
    }

    # The same records as the Graph REST API writes them (GET /domains/{id}/serviceConfigurationRecords).
    function Get-GraphJson {
        param([string] $Domain, [string] $MailExchange)
        @"
{
  "@odata.context": "https://graph.microsoft.com/v1.0/`$metadata#domains('$Domain')/serviceConfigurationRecords",
  "value": [
    { "@odata.type": "#microsoft.graph.domainDnsCnameRecord", "id": "cname-1", "isOptional": false, "label": "autodiscover.$Domain", "recordType": "CName", "supportedService": "Email", "ttl": 3600, "canonicalName": "autodiscover.outlook.com" },
    { "@odata.type": "#microsoft.graph.domainDnsMxRecord", "id": "mx-1", "isOptional": false, "label": "$Domain", "recordType": "Mx", "supportedService": "Email", "ttl": 3600, "mailExchange": "$MailExchange", "preference": 0 },
    { "@odata.type": "#microsoft.graph.domainDnsTxtRecord", "id": "txt-1", "isOptional": false, "label": "$Domain", "recordType": "Txt", "supportedService": "Email", "ttl": 3600, "text": "v=spf1 include:spf.protection.outlook.com -all" },
    { "@odata.type": "#microsoft.graph.domainDnsSrvRecord", "id": "srv-1", "isOptional": false, "label": "$Domain", "recordType": "Srv", "supportedService": "OfficeCommunicationsOnline", "ttl": 3600, "nameTarget": "sipdir.online.lync.com", "port": 443, "priority": 100, "protocol": "_tls", "service": "_sip", "weight": 1 }
  ]
}
"@
    }

    # Get-DnssecStatusForVerifiedDomain -DomainName <domain>: no member names the domain.
    function New-DnssecStatus {
        param([string] $Host_, [int] $Ttl = 60)
        [pscustomobject]@{
            PSTypeName          = 'Microsoft.Exchange.Management.ProvisioningTasks.DnssecStatus'
            DnssecFeatureStatus = 'Enabled'
            ExpectedMxRecord    = [Microsoft.Exchange.Management.ProvisioningTasks.ExpectedMxRecordInfo]@{ Record = "@ $Ttl IN MX 10 $Host_" }
            Errors              = @()
            Warnings            = @()
            MxValidation        = [Microsoft.Exchange.Management.ProvisioningTasks.MxValidationResult]@{ ActualMxRecords = @("@ 3600 IN MX 0 $Host_") }
        }
    }

    $script:good = 'good-lab-example.mail.protection.outlook.com'
    $script:eur = 'eur-lab-example.mail.protection.outlook.com'
}

Describe 'Test-MxRecord reads Get-MgDomainServiceConfigurationRecord objects as they come' -Tag 'Lab' {
    It 'checks each domain once, with AdditionalProperties.mailExchange as the expected host' {
        $records = @(Get-GraphRecords good.lab.example $script:good) + @(Get-GraphRecords eur.lab.example $script:eur) + @(Get-GraphRecords legacy.lab.example 'legacy-lab-example.mail.protection.outlook.com')
        $records.Count | Should -Be 18
        $results = @($records | Test-MxRecord -Server $script:dns)
        $results.Count | Should -Be 3
        $results.DomainName | Should -Be @('good.lab.example', 'eur.lab.example', 'legacy.lab.example')
        $results.ExpectedHost | Should -Be @($script:good, $script:eur, 'legacy-lab-example.mail.protection.outlook.com')
        $results[0].Status | Should -Be 'Pass'
        $results[1].Status | Should -Be 'Pass'
        $results[2].Status | Should -Be 'Fail'
        $results[2].Findings.Code | Should -Contain 'MxLegacyHost'
        ($results[2].Findings | Where-Object Code -eq 'MxLegacyHost').Remedy | Should -Match 'legacy-lab-example\.mail\.protection\.outlook\.com'
    }

    It 'names the assigned host when the published MX is another one' {
        $result = @(Get-GraphRecords eur.lab.example $script:good | Test-MxRecord -Server $script:dns)
        $result.Count | Should -Be 1
        $result[0].Status | Should -Be 'Fail'
        ($result[0].Findings | Where-Object Code -eq 'MxNotAssignedHost').Remedy | Should -Match ([regex]::Escape($script:good))
    }

    It 'says in Verbose which records it skipped and why' {
        $verbose = Get-GraphRecords good.lab.example $script:good | Test-MxRecord -Server $script:dns -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Skipped*' }
        @($verbose).Count | Should -Be 5
        ($verbose.Message -join "`n") | Should -Match 'the CName record of autodiscover\.good\.lab\.example is not an MX record'
        ($verbose.Message -join "`n") | Should -Match 'the Txt record of good\.lab\.example is not an MX record'
        ($verbose.Message -join "`n") | Should -Match 'the Srv record of good\.lab\.example is not an MX record'
    }

    It 'reads them after Export-Clixml and Import-Clixml (deserialized, as from a remote session)' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "attr35-graph-$PID.xml"
        try {
            Get-GraphRecords good.lab.example $script:good | Export-Clixml -Path $path
            $results = @(Import-Clixml -Path $path | Test-MxRecord -Server $script:dns)
        } finally { Remove-Item $path -ErrorAction SilentlyContinue }
        $results.Count | Should -Be 1
        $results[0].ExpectedHost | Should -Be $script:good
        $results[0].Status | Should -Be 'Pass'
    }

    It 'lets a typed -ExpectedHost win over mailExchange' {
        $result = @(Get-GraphRecords good.lab.example $script:good | Test-MxRecord -Server $script:dns -ExpectedHost $script:eur)
        $result.Count | Should -Be 1
        $result[0].ExpectedHost | Should -Be $script:eur
        $result[0].Findings.Code | Should -Contain 'MxNotAssignedHost'
    }
}

Describe 'Test-MxRecord reads the Graph REST JSON as it comes' -Tag 'Lab' {
    It 'takes the whole answer after ConvertFrom-Json: one result per domain, the other record types skipped' {
        $results = @((Get-GraphJson good.lab.example $script:good), (Get-GraphJson eur.lab.example $script:eur) | ConvertFrom-Json | Test-MxRecord -Server $script:dns)
        $results.Count | Should -Be 2
        $results.DomainName | Should -Be @('good.lab.example', 'eur.lab.example')
        $results.ExpectedHost | Should -Be @($script:good, $script:eur)
        $results.Status | Should -Be @('Pass', 'Pass')
    }

    It 'takes the records of its value list one by one' {
        $results = @((Get-GraphJson eur.lab.example $script:good | ConvertFrom-Json).value | Test-MxRecord -Server $script:dns)
        $results.Count | Should -Be 1
        $results[0].DomainName | Should -Be 'eur.lab.example'
        $results[0].ExpectedHost | Should -Be $script:good
        $results[0].Status | Should -Be 'Fail'
    }

    It 'takes the hashtables Invoke-MgGraphRequest returns' {
        $answer = Get-GraphJson good.lab.example $script:good | ConvertFrom-Json -AsHashtable
        $answer | Should -BeOfType [System.Collections.IDictionary]
        $results = @($answer | Test-MxRecord -Server $script:dns)
        $results.Count | Should -Be 1
        $results[0].DomainName | Should -Be 'good.lab.example'
        $results[0].ExpectedHost | Should -Be $script:good
        @($answer.value | Test-MxRecord -Server $script:dns).Count | Should -Be 1
    }
}

Describe 'Test-MxRecord reads the DNSSEC cmdlets'' objects as they come' -Tag 'Lab' {
    It 'takes the host of ExpectedMxRecord.Record, a zone line, from Get-DnssecStatusForVerifiedDomain' {
        $status = New-DnssecStatus 'dnssec-lab-example.o-v1.mx.microsoft'
        "$($status.ExpectedMxRecord)" | Should -Be 'Microsoft.Exchange.Management.ProvisioningTasks.ExpectedMxRecordInfo'
        $results = @($status | Test-MxRecord -DomainName dnssec.lab.example -Server $script:dns)
        $results.Count | Should -Be 1
        $results[0].DomainName | Should -Be 'dnssec.lab.example'
        $results[0].ExpectedHost | Should -Be 'dnssec-lab-example.o-v1.mx.microsoft'
        $results[0].Status | Should -Be 'Pass'
    }

    It 'reports the published MX that is not the DNSSEC host' {
        $results = @(New-DnssecStatus 'dnssec-lab-example.o-v1.mx.microsoft' | Test-MxRecord -DomainName good.lab.example -Server $script:dns)
        $results.Count | Should -Be 1
        $results[0].ExpectedHost | Should -Be 'dnssec-lab-example.o-v1.mx.microsoft'
        $results[0].Status | Should -Be 'Fail'
        $results[0].Findings.Code | Should -Contain 'MxNotAssignedHost'
    }

    It 'takes DnssecMxValue and MxValue from Enable-DnssecForVerifiedDomain' {
        $enabled = [pscustomobject]@{ DnssecMxValue = 'dnssec-lab-example.o-v1.mx.microsoft' }
        $older = [pscustomobject]@{ MxValue = 'dnssec-lab-example.o-v1.mx.microsoft' }
        $results = @($enabled, $older | Test-MxRecord -DomainName dnssec.lab.example -Server $script:dns)
        $results.Count | Should -Be 2
        $results.ExpectedHost | Should -Be @('dnssec-lab-example.o-v1.mx.microsoft', 'dnssec-lab-example.o-v1.mx.microsoft')
        $results.Status | Should -Be @('Pass', 'Pass')
    }

    It 'asks for -DomainName when the object does not name the domain, and goes on with the next' {
        $status = New-DnssecStatus 'dnssec-lab-example.o-v1.mx.microsoft'
        $errors = $null
        $results = @($status, 'good.lab.example' | Test-MxRecord -Server $script:dns -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 1
        $results[0].DomainName | Should -Be 'good.lab.example'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'DomainNameRequired,ATTR35.Commands.TestMxRecordCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be $status
        $errors[0].Exception.Message | Should -Match 'dnssec-lab-example\.o-v1\.mx\.microsoft'
        $errors[0].Exception.Message | Should -Match '-DomainName'
    }

    It 'uses the owner of a zone line that names the domain' {
        $status = [pscustomobject]@{ ExpectedMxRecord = [Microsoft.Exchange.Management.ProvisioningTasks.ExpectedMxRecordInfo]@{ Record = 'dnssec.lab.example. 60 IN MX 10 dnssec-lab-example.o-v1.mx.microsoft.' } }
        $results = @($status | Test-MxRecord -Server $script:dns)
        $results.Count | Should -Be 1
        $results[0].DomainName | Should -Be 'dnssec.lab.example'
        $results[0].ExpectedHost | Should -Be 'dnssec-lab-example.o-v1.mx.microsoft'
    }
}

Describe 'Test-MxRecord still binds the objects it bound before' -Tag 'Lab' {
    It 'takes strings, Get-AcceptedDomain-like objects and Label/MailExchange selections' {
        $accepted = [pscustomobject]@{ PSTypeName = 'Deserialized.Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain'; DomainName = 'good.lab.example'; Name = 'Good'; DomainType = 'Authoritative' }
        $selected = [pscustomobject]@{ Label = 'eur.lab.example'; MailExchange = $script:eur }
        $results = @('legacy.lab.example', $accepted, $selected | Test-MxRecord -Server $script:dns)
        $results.DomainName | Should -Be @('legacy.lab.example', 'good.lab.example', 'eur.lab.example')
        $results[2].ExpectedHost | Should -Be $script:eur
    }
}
