#Requires -Version 7.2
# Test-InboundConnector as admins call it: connectors piped live, deserialized, from CSV and from JSON;
# the sender given by address, certificate name, certificate object and certificate file.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Stand-ins for the Exchange types of live Get-InboundConnector output: an enum with Exchange's
    # values (OnPremises = 1, Partner = 2), IPRange objects that print as their text, and the
    # MultiValuedProperty list whose type name a plain Export-Csv writes.
    if (-not ('Microsoft.Exchange.Data.IPRange' -as [type])) {
        Add-Type -TypeDefinition @'
namespace Microsoft.Exchange.Data
{
    public enum TenantConnectorType { OnPremises = 1, Partner = 2 }

    public sealed class IPRange
    {
        private readonly string _expression;
        public IPRange(string expression) { _expression = expression; }
        public string Expression { get { return _expression; } }
        public override string ToString() { return _expression; }
    }

    public sealed class TlsCertificate
    {
        private readonly string _name;
        public TlsCertificate(string name) { _name = name; }
        public override string ToString() { return _name; }
    }

    public sealed class MultiValuedProperty<T> : System.Collections.Generic.List<T>
    {
        public MultiValuedProperty(System.Collections.Generic.IEnumerable<T> items) : base(items) { }
    }
}
'@
    }

    $script:Suffix = ',ATTR35.Commands.TestInboundConnectorCommand'

    function New-LiveConnector {
        param(
            [string] $Name,
            [bool] $Enabled = $true,
            [string] $ConnectorType = 'OnPremises',
            [string[]] $SenderIPAddresses = @(),
            [string] $TlsSenderCertificateName,
            [string[]] $SenderDomains = @('*'),
            [string[]] $AssociatedAcceptedDomains = @()
        )
        [pscustomobject]@{
            Name                         = $Name
            Identity                     = $Name
            Enabled                      = $Enabled
            ConnectorType                = [Microsoft.Exchange.Data.TenantConnectorType]$ConnectorType
            ConnectorSource              = 'Default'
            SenderIPAddresses            = [Microsoft.Exchange.Data.MultiValuedProperty[Microsoft.Exchange.Data.IPRange]]::new([Microsoft.Exchange.Data.IPRange[]]@($SenderIPAddresses | ForEach-Object { [Microsoft.Exchange.Data.IPRange]::new($_) }))
            # A string, as Exchange Online PowerShell (REST) returns it.
            TlsSenderCertificateName     = if ($TlsSenderCertificateName) { $TlsSenderCertificateName } else { $null }
            SenderDomains                = [Microsoft.Exchange.Data.MultiValuedProperty[string]]::new([string[]]$SenderDomains)
            RestrictDomainsToIPAddresses = $false
            RestrictDomainsToCertificate = $false
            RequireTls                   = [bool]$TlsSenderCertificateName
            AssociatedAcceptedDomains    = [Microsoft.Exchange.Data.MultiValuedProperty[string]]::new([string[]]$AssociatedAcceptedDomains)
            TreatMessagesAsInternal      = $false
            CloudServicesMailEnabled     = $false
            Comment                      = ''
        }
    }

    function ConvertTo-Deserialized([object[]] $InputObject) {
        foreach ($o in $InputObject) {
            [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($o))
        }
    }

    # The export InboundConnectorInfo.CsvExportCommand recommends: every list joined into text.
    function ConvertTo-CsvRoundTrip([object[]] $InputObject) {
        $path = Join-Path $TestDrive ('{0}.csv' -f [guid]::NewGuid())
        $InputObject | Select-Object Name, Enabled, ConnectorType,
            @{ n = 'SenderIPAddresses'; e = { $_.SenderIPAddresses -join ',' } },
            @{ n = 'TlsSenderCertificateName'; e = { "$($_.TlsSenderCertificateName)" } },
            @{ n = 'SenderDomains'; e = { $_.SenderDomains -join ',' } },
            @{ n = 'AssociatedAcceptedDomains'; e = { $_.AssociatedAcceptedDomains -join ',' } },
            RestrictDomainsToIPAddresses, RestrictDomainsToCertificate, RequireTls, TreatMessagesAsInternal, CloudServicesMailEnabled |
            Export-Csv -Path $path -NoTypeInformation
        Import-Csv -Path $path
    }

    function ConvertTo-JsonRoundTrip([object[]] $InputObject) {
        $InputObject | ConvertTo-Json -Depth 5 | ConvertFrom-Json
    }

    # Everything an admin reads off a result, as one comparable text.
    function Get-ResultText($Result) {
        @(
            "Status=$($Result.Status) Matched=$($Result.MatchedConnector) By=$($Result.MatchedBy) Value=$($Result.MatchedValue)"
            $Result.Findings | ForEach-Object { "F|$($_.Code)|$($_.Severity)|$($_.Subject)|$($_.Message)|$($_.Remedy)" }
            $Result.Connectors | ForEach-Object { "C|$($_.Name)|$($_.Enabled)|$($_.ConnectorType)|$($_.MatchedBy)|$($_.Selected)|$($_.Reason)" }
        ) -join "`n"
    }

    function Get-Finding($Result, [string] $Code) {
        @($Result.Findings | Where-Object Code -EQ $Code)
    }

    function New-TestCertificate {
        param([string] $Subject, [string[]] $DnsName = @(), [datetime] $NotAfter = (Get-Date).AddYears(1))
        $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
        if ($DnsName.Count -gt 0) {
            $san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
            foreach ($n in $DnsName) { $san.AddDnsName($n) }
            $request.CertificateExtensions.Add($san.Build())
        }
        $end = [datetimeoffset]$NotAfter.ToUniversalTime()
        $request.CreateSelfSigned($end.AddYears(-1), $end)
    }

    # A tenant's connectors: the address-based one in use, a certificate one, a disabled leftover, a
    # partner, and a lab connector with entries Exchange Online would refuse.
    $script:Live = @(
        New-LiveConnector -Name 'From on-premises' -SenderIPAddresses '203.0.113.0/24', '198.51.100.7'
        New-LiveConnector -Name 'Hybrid certificate' -TlsSenderCertificateName '*.contoso.com'
        New-LiveConnector -Name 'Old relay' -Enabled $false -SenderIPAddresses '192.0.2.0/24'
        New-LiveConnector -Name 'Fabrikam partner' -ConnectorType Partner -SenderIPAddresses '198.51.100.200' -SenderDomains 'fabrikam.com'
        New-LiveConnector -Name 'Lab' -SenderIPAddresses '10.20.0.0/24', '2001:db8::25', '198.18.0.0/16'
    )
}

Describe 'Test-InboundConnector' {
    Context 'connector input in every shape admins have' {
        BeforeAll {
            $script:Shapes = [ordered]@{
                Live          = $script:Live
                Deserialized  = @(ConvertTo-Deserialized $script:Live)
                Csv           = @(ConvertTo-CsvRoundTrip $script:Live)
                Json          = @(ConvertTo-JsonRoundTrip $script:Live)
                DeserializedCsv = @(
                    # Export-Csv of deserialized output (Exchange Online PowerShell's) joins lists with spaces by itself.
                    $path = Join-Path $TestDrive 'deserialized.csv'
                    ConvertTo-Deserialized $script:Live | Export-Csv -Path $path -NoTypeInformation
                    Import-Csv -Path $path
                )
            }
        }

        It 'gives the same result for live, deserialized, CSV and JSON input (<Label>)' -ForEach @(
            @{ Label = 'matched by IP'; Arguments = @{ SenderIPAddress = '203.0.113.25' } }
            @{ Label = 'matched by certificate'; Arguments = @{ SenderIPAddress = '203.0.113.25'; CertificateName = 'mail.contoso.com'; AcceptedDomain = 'contoso.com' } }
            @{ Label = 'no match'; Arguments = @{ SenderIPAddress = '198.51.100.99' } }
            @{ Label = 'disabled only'; Arguments = @{ SenderIPAddress = '192.0.2.77' } }
            @{ Label = 'partner only'; Arguments = @{ SenderIPAddress = '198.51.100.200' } }
        ) {
            $texts = foreach ($shape in $script:Shapes.GetEnumerator()) {
                $result = $shape.Value | Test-InboundConnector @Arguments -ErrorAction Stop
                $result | Should -HaveCount 1
                $result.Connectors | Should -HaveCount 5
                [pscustomobject]@{ Shape = $shape.Key; Text = Get-ResultText $result }
            }
            foreach ($t in $texts) {
                $t.Text | Should -BeExactly $texts[0].Text -Because "the $($t.Shape) shape must read like the live objects"
            }
        }

        It 'reads the live shape correctly in the first place' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $result.MatchedConnector | Should -Be 'From on-premises'
            $result.MatchedBy | Should -Be 'IPAddress'
            $result.MatchedValue | Should -Be '203.0.113.0/24'
            ($result.Connectors | Where-Object Name -EQ 'Fabrikam partner').ConnectorType | Should -Be 'Partner'
            ($result.Connectors | Where-Object Name -EQ 'Old relay').Enabled | Should -BeFalse
        }

        It 'reads JSON enums written as numbers (OnPremises = 1, Partner = 2)' {
            $json = $script:Live | ConvertTo-Json -Depth 5
            $json | Should -Match '"ConnectorType": 1'
            $result = $json | ConvertFrom-Json | Test-InboundConnector -SenderIPAddress 203.0.113.25
            ($result.Connectors | Where-Object Name -EQ 'Fabrikam partner').ConnectorType | Should -Be 'Partner'
            $result.MatchedConnector | Should -Be 'From on-premises'
        }

        It 'reads booleans written as strings and lists written as separated strings' {
            $connectors = @(
                [pscustomobject]@{ Name = 'Commas'; Enabled = 'True'; ConnectorType = 'OnPremises'; SenderIPAddresses = '192.0.2.1, 203.0.113.25' }
                [pscustomobject]@{ Name = 'Spaces'; Enabled = '$false'; ConnectorType = 'OnPremises'; SenderIPAddresses = '203.0.113.25 192.0.2.9' }
                [pscustomobject]@{ Name = 'Semicolons'; Enabled = '0'; ConnectorType = 'OnPremises'; SenderIPAddresses = '203.0.113.25;192.0.2.9' }
            )
            $result = $connectors | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $result.MatchedConnector | Should -Be 'Commas'
            $result.Connectors.Enabled | Should -Be @($true, $false, $false)
            $result.Connectors[1].MatchedBy | Should -Be 'IPAddress'
            $result.Connectors[2].MatchedBy | Should -Be 'IPAddress'
        }

        It 'takes hashtables and an array given to -InputObject (alias -Connector)' {
            $table = @{ Name = 'Table'; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.25') }
            ($table | Test-InboundConnector -SenderIPAddress 203.0.113.25).MatchedConnector | Should -Be 'Table'
            $result = Test-InboundConnector -Connector $script:Live -SenderIPAddress 203.0.113.25
            $result | Should -HaveCount 1
            $result.Connectors | Should -HaveCount 5
        }

        It 'assumes Exchange Online''s default ConnectorType (Partner) when the input has none, and says so' {
            $result = [pscustomobject]@{ Name = 'Hand-made'; SenderIPAddresses = '203.0.113.25' } | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $finding = Get-Finding $result 'ConnectorMatchPartner'
            $finding.Subject | Should -Be 'Hand-made'
            $finding.Message | Should -Match 'no ConnectorType'
        }

        It 'reports a plain Export-Csv (list type names) per connector, with the export that works' {
            $path = Join-Path $TestDrive 'plain.csv'
            $script:Live | Export-Csv -Path $path -NoTypeInformation
            (Get-Content $path -Raw) | Should -Match 'MultiValuedProperty`1'
            $result = Import-Csv $path | Test-InboundConnector -SenderIPAddress 203.0.113.25 -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 5
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidConnector$script:Suffix"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].Exception.Message | Should -Match "'From on-premises'"
            $errors[0].Exception.Message | Should -BeLike "*@{n='SenderIPAddresses';e={`$_.SenderIPAddresses -join ','}}*"
            $errors[0].TargetObject.Name | Should -Be 'From on-premises'
            (Get-Finding $result 'ConnectorNone').Subject | Should -Be '203.0.113.25'
        }

        It 'reports a JSON certificate name object ({}) instead of dropping it' {
            $connector = New-LiveConnector -Name 'Cert object' -SenderIPAddresses '192.0.2.1'
            $connector.TlsSenderCertificateName = [Microsoft.Exchange.Data.TlsCertificate]::new('*.contoso.com')
            ($connector | Test-InboundConnector -CertificateName mail.contoso.com).MatchedBy | Should -Be 'Certificate'
            (ConvertTo-Deserialized $connector | Test-InboundConnector -CertificateName mail.contoso.com).MatchedBy | Should -Be 'Certificate'
            $null = ConvertTo-JsonRoundTrip $connector | Test-InboundConnector -CertificateName mail.contoso.com -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].Exception.Message | Should -Match 'TlsSenderCertificateName'
        }

        It 'reports a connector without Name or Identity and evaluates the rest' {
            $objects = @(
                [pscustomobject]@{ ConnectorType = 'OnPremises'; SenderIPAddresses = '203.0.113.25' }
                $script:Live[0]
            )
            $result = $objects | Test-InboundConnector -SenderIPAddress 203.0.113.25 -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidConnector$script:Suffix"
            $result.Connectors.Name | Should -Be @('From on-premises')
            $result.MatchedConnector | Should -Be 'From on-premises'
        }

        It 'reports objects that are not connectors' {
            $result = 'From on-premises', (Get-Date), $script:Live[0] | Test-InboundConnector -SenderIPAddress 203.0.113.25 -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 2
            $errors.FullyQualifiedErrorId | Should -Be @("InvalidConnector$script:Suffix", "InvalidConnector$script:Suffix")
            $result.Connectors | Should -HaveCount 1
        }
    }

    Context 'finding codes' {
        It 'ConnectorNone: nothing piped' {
            $result = @() | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $finding = Get-Finding $result 'ConnectorNone'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be '203.0.113.25'
            $finding.Severity | Should -Be 'Fail'
            $finding.Remedy | Should -BeLike '*New-InboundConnector -Name "From on-premises" -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses 203.0.113.25*'
            $result.Status | Should -Be 'Fail'
            (Test-InboundConnector -SenderIPAddress 203.0.113.25).Findings[0].Code | Should -Be 'ConnectorNone'
        }

        It 'ConnectorNoMatch: the address is on no enabled OnPremises connector' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 198.51.100.99
            $finding = Get-Finding $result 'ConnectorNoMatch'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be '198.51.100.99'
            $finding.Severity | Should -Be 'Fail'
            $finding.Remedy | Should -BeLike '*Set-InboundConnector -Identity "From on-premises" -SenderIPAddresses @{Add="198.51.100.99"}*'
            $result.Status | Should -Be 'Fail'
            $result.MatchedBy | Should -Be 'None'
            ($result.Connectors | Where-Object Name -EQ 'From on-premises').Reason | Should -Match '198\.51\.100\.99 is not in its SenderIPAddresses \(203\.0\.113\.0/24, 198\.51\.100\.7\)'
        }

        It 'ConnectorMatchDisabled: only a disabled connector would match' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 192.0.2.77
            $finding = Get-Finding $result 'ConnectorMatchDisabled'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Old relay'
            $finding.Remedy | Should -BeLike '*Set-InboundConnector -Identity "Old relay" -Enabled $true*'
            Get-Finding $result 'ConnectorNoMatch' | Should -HaveCount 0
            $result.Status | Should -Be 'Fail'
        }

        It 'ConnectorMatchPartner: only a Partner connector matches' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 198.51.100.200
            $finding = Get-Finding $result 'ConnectorMatchPartner'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Fabrikam partner'
            $finding.Remedy | Should -BeLike '*Set-InboundConnector -Identity "Fabrikam partner" -ConnectorType OnPremises*'
            ($result.Connectors | Where-Object Name -EQ 'Fabrikam partner').Reason | Should -Match 'Partner connector'
        }

        It 'ConnectorCertificateDomainNotAccepted: the matching name is outside the accepted domains' {
            $connector = New-LiveConnector -Name 'Fabrikam relay' -TlsSenderCertificateName '*.fabrikam.net'
            $accepted = @(
                [pscustomobject]@{ Name = 'Contoso'; DomainName = 'contoso.com'; DomainType = 'Authoritative'; Default = $true }
                [pscustomobject]@{ Name = 'Initial'; DomainName = 'contoso.onmicrosoft.com'; DomainType = 'Authoritative'; Default = $false }
            )
            $result = $connector | Test-InboundConnector -CertificateName mail.fabrikam.net -AcceptedDomain $accepted
            $finding = Get-Finding $result 'ConnectorCertificateDomainNotAccepted'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Fabrikam relay'
            $finding.Message | Should -Match 'mail\.fabrikam\.net'
            $finding.Message | Should -Match 'contoso\.com, contoso\.onmicrosoft\.com'
            $finding.Remedy | Should -Match 'fabrikam\.net'
            $result.AcceptedDomains | Should -Be @('contoso.com', 'contoso.onmicrosoft.com')
            $result.Status | Should -Be 'Fail'
        }

        It 'ConnectorAmbiguousMatch: two enabled connectors hold the address' {
            $connectors = @(
                New-LiveConnector -Name 'Site A' -SenderIPAddresses '203.0.113.0/24'
                New-LiveConnector -Name 'Site B' -SenderIPAddresses '203.0.113.25'
            )
            $result = $connectors | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $finding = Get-Finding $result 'ConnectorAmbiguousMatch'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Site B'
            $finding.Severity | Should -Be 'Warning'
            $finding.Remedy | Should -BeLike '*Set-InboundConnector -Identity "Site A" -SenderIPAddresses @{Remove="203.0.113.0/24"}*'
            $result.Status | Should -Be 'Warning'
        }

        It 'ConnectorInvalidSenderIPAddress: entries Exchange Online would refuse (<Entry>)' -ForEach @(
            @{ Entry = '2001:db8::25' }
            @{ Entry = '198.18.0.0/16' }
            @{ Entry = '192.0.2.10-192.0.2.20' }
            @{ Entry = '192.0.2.300' }
        ) {
            $connector = [pscustomobject]@{ Name = 'Lab'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.25', $Entry) }
            $result = $connector | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $finding = Get-Finding $result 'ConnectorInvalidSenderIPAddress'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Lab'
            $finding.Message | Should -BeLike "*'$Entry'*"
            $finding.Remedy | Should -BeLike "*Set-InboundConnector -Identity `"Lab`" -SenderIPAddresses @{Remove=`"$Entry`"*"
            $result.MatchedConnector | Should -Be 'Lab'
        }

        It 'ConnectorPrivateAddress: a private range on a connector' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $finding = Get-Finding $result 'ConnectorPrivateAddress'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Lab'
            $finding.Message | Should -Match '10\.20\.0\.0/24'
        }

        It 'ConnectorPrivateAddress: a private address as the sender' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 192.168.10.5
            $finding = @(Get-Finding $result 'ConnectorPrivateAddress' | Where-Object Subject -EQ '192.168.10.5')
            $finding | Should -HaveCount 1
            $finding.Remedy | Should -Match 'ObservedClientAddress'
        }

        It 'does not call documentation addresses private' {
            $connector = New-LiveConnector -Name 'Docs' -SenderIPAddresses '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'
            Get-Finding ($connector | Test-InboundConnector -SenderIPAddress 192.0.2.1) 'ConnectorPrivateAddress' | Should -HaveCount 0
        }

        It 'ConnectorIPBasedOnly and ConnectorMatched: matched by address only' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $ipOnly = Get-Finding $result 'ConnectorIPBasedOnly'
            $ipOnly | Should -HaveCount 1
            $ipOnly.Subject | Should -Be 'From on-premises'
            $ipOnly.Severity | Should -Be 'Information'
            $ipOnly.Remedy | Should -BeLike '*Set-InboundConnector -Identity "From on-premises" -TlsSenderCertificateName*'
            $matched = Get-Finding $result 'ConnectorMatched'
            $matched | Should -HaveCount 1
            $matched.Subject | Should -Be 'From on-premises'
            $matched.Message | Should -Match '203\.0\.113\.0/24 contains 203\.0\.113\.25'
        }

        It 'ConnectorMatched by certificate, before the address' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25 -CertificateName mail.contoso.com -AcceptedDomain contoso.com
            $result.MatchedConnector | Should -Be 'Hybrid certificate'
            $result.MatchedBy | Should -Be 'Certificate'
            (Get-Finding $result 'ConnectorMatched').Subject | Should -Be 'Hybrid certificate'
            Get-Finding $result 'ConnectorIPBasedOnly' | Should -HaveCount 0
            ($result.Connectors | Where-Object Name -EQ 'From on-premises').Reason | Should -Match 'checks first'
        }

        It 'ConnectorCertificateExpiring: the sender''s certificate expires within 30 days' {
            $certificate = New-TestCertificate -Subject 'CN=mail.contoso.com' -DnsName 'mail.contoso.com' -NotAfter (Get-Date).AddDays(10)
            $path = Join-Path $TestDrive 'expiring.cer'
            [IO.File]::WriteAllBytes($path, $certificate.RawData)
            $result = $script:Live | Test-InboundConnector -CertificatePath $path
            $finding = Get-Finding $result 'ConnectorCertificateExpiring'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'mail.contoso.com'
            $finding.Remedy | Should -BeLike '*Set-InboundConnector -Identity "Hybrid certificate" -TlsSenderCertificateName*'
            $result.MatchedConnector | Should -Be 'Hybrid certificate'
            $result.CertificateNotAfter | Should -BeOfType [datetime]
            $result.Status | Should -Be 'Warning'
        }

        It 'ConnectorCertificateExpiring: an expired certificate object' {
            $certificate = New-TestCertificate -Subject 'CN=mail.contoso.com' -NotAfter (Get-Date).AddDays(-2)
            $finding = Get-Finding ($script:Live | Test-InboundConnector -Certificate $certificate) 'ConnectorCertificateExpiring'
            $finding.Subject | Should -Be 'mail.contoso.com'
            $finding.Message | Should -Match 'expired'
        }

        It 'ConnectorOverlap: enabled connectors share addresses' {
            $connectors = @(
                New-LiveConnector -Name 'Main' -SenderIPAddresses '203.0.113.0/24'
                New-LiveConnector -Name 'Backup' -SenderIPAddresses '203.0.113.128/25'
            )
            $finding = Get-Finding ($connectors | Test-InboundConnector -SenderIPAddress 192.0.2.1) 'ConnectorOverlap'
            $finding | Should -HaveCount 1
            $finding.Subject | Should -Be 'Main'
            $finding.Remedy | Should -BeLike '*Set-InboundConnector -Identity "Backup" -SenderIPAddresses @{Remove="203.0.113.128/25"}*'
        }

        It 'ConnectorInvalidCertificateName: an embedded wildcard' {
            $connector = New-LiveConnector -Name 'Wildcard' -TlsSenderCertificateName 'mail.*.contoso.com'
            $finding = Get-Finding ($connector | Test-InboundConnector -SenderIPAddress 192.0.2.1) 'ConnectorInvalidCertificateName'
            $finding.Subject | Should -Be 'Wildcard'
            $finding.Remedy | Should -BeLike '*-TlsSenderCertificateName `*.contoso.com*'
        }

        It 'ConnectorSendingServerFailed: -SendingServer gives Status Error, never a verdict' {
            $result = $script:Live | Test-InboundConnector -SendingServer 'mail.contoso.com:2525'
            $finding = Get-Finding $result 'ConnectorSendingServerFailed'
            $finding.Subject | Should -Be 'mail.contoso.com:2525'
            $result.Status | Should -Be 'Error'
            Get-Finding $result 'ConnectorNoMatch' | Should -HaveCount 0
        }
    }

    Context 'sender identity' {
        It 'takes the subject CN of the TlsCertificateName form of Get-SendConnector (issuer and subject)' {
            $name = '<I>CN=R3, O=Let''s Encrypt, C=US<S>CN=mail.contoso.com, OU=IT, O="Contoso, Ltd"'
            $result = $script:Live | Test-InboundConnector -CertificateName $name -AcceptedDomain contoso.com
            $result.CertificateNames | Should -Be @('mail.contoso.com')
            $result.MatchedConnector | Should -Be 'Hybrid certificate'
            ($script:Live[1] | Test-InboundConnector -CertificateName $name -AcceptedDomain contoso.com).Status | Should -Be 'Pass'
        }

        It 'matches *.domain one and two levels deep and the domain itself, in any case, with a trailing dot (<Name>)' -ForEach @(
            @{ Name = 'contoso.com' }
            @{ Name = 'mail.contoso.com' }
            @{ Name = 'smtp.eu.contoso.com' }
            @{ Name = 'MAIL.Contoso.COM.' }
        ) {
            ($script:Live | Test-InboundConnector -CertificateName $Name).MatchedConnector | Should -Be 'Hybrid certificate'
        }

        It 'compares a wildcard certificate name as written' {
            $connector = New-LiveConnector -Name 'Exact' -TlsSenderCertificateName 'mail.contoso.com'
            ($connector | Test-InboundConnector -CertificateName '*.contoso.com').MatchedBy | Should -Be 'None'
            ($script:Live | Test-InboundConnector -CertificateName '*.contoso.com').MatchedConnector | Should -Be 'Hybrid certificate'
        }

        It 'reads a certificate object and the names of its SAN' {
            $certificate = New-TestCertificate -Subject 'CN=Contoso Mail Server' -DnsName 'relay.contoso.com', 'relay.fabrikam.net'
            $result = $script:Live | Test-InboundConnector -Certificate $certificate
            $result.CertificateNames | Should -Be @('relay.contoso.com', 'relay.fabrikam.net')
            $result.MatchedConnector | Should -Be 'Hybrid certificate'
        }

        It 'reads certificate files: <File>' -ForEach @(
            @{ File = 'mail.cer'; Format = 'Der' }
            @{ File = 'mail.crt'; Format = 'Pem' }
            @{ File = 'mail.pem'; Format = 'Pem' }
        ) {
            $certificate = New-TestCertificate -Subject 'CN=mail.contoso.com' -DnsName 'mail.contoso.com'
            $path = Join-Path $TestDrive $File
            if ($Format -eq 'Der') { [IO.File]::WriteAllBytes($path, $certificate.RawData) } else { Set-Content -Path $path -Value $certificate.ExportCertificatePem() }
            Push-Location $TestDrive
            try {
                $result = $script:Live | Test-InboundConnector -CertificatePath "./$File"
            }
            finally {
                Pop-Location
            }
            $result.MatchedConnector | Should -Be 'Hybrid certificate'
            $result.CertificateNotAfter | Should -Not -BeNullOrEmpty
        }

        It 'feeds Test-SmartHost -Probe''s ObservedClientAddress into -SenderIPAddress' {
            # What (Test-SmartHost relay.contoso.com -Probe) returns, reduced to the part used here.
            $smartHost = [pscustomobject]@{ Probe = [pscustomobject]@{ ObservedClientAddress = '203.0.113.25' } }
            $result = $script:Live | Test-InboundConnector -SenderIPAddress $smartHost.Probe.ObservedClientAddress
            $result.SenderIPAddress | Should -Be '203.0.113.25'
            $result.MatchedConnector | Should -Be 'From on-premises'
        }

        It 'takes the address by position' {
            ($script:Live | Test-InboundConnector 203.0.113.25).MatchedConnector | Should -Be 'From on-premises'
        }

        It 'takes the address as the EHLO reply writes it, in brackets' {
            ($script:Live | Test-InboundConnector -SenderIPAddress '[203.0.113.25]').SenderIPAddress | Should -Be '203.0.113.25'
        }
    }

    Context 'errors' {
        It 'throws SenderIdentityRequired when no identity is given' {
            $record = $null
            try { $script:Live | Test-InboundConnector -ErrorAction Stop } catch { $record = $_ }
            $record | Should -Not -BeNullOrEmpty
            $record.FullyQualifiedErrorId | Should -Be "SenderIdentityRequired$script:Suffix"
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.Exception.Message | Should -Match 'ObservedClientAddress'
        }

        It 'throws SenderIdentityRequired for an empty ObservedClientAddress' {
            $smartHost = [pscustomobject]@{ Probe = [pscustomobject]@{ ObservedClientAddress = $null } }
            { $script:Live | Test-InboundConnector -SenderIPAddress $smartHost.Probe.ObservedClientAddress } | Should -Throw -ErrorId 'SenderIdentityRequired*'
        }

        It 'reports a bad -SenderIPAddress (<Value>) and goes on with the rest of the identity' -ForEach @(
            @{ Value = '2001:db8::25'; Pattern = 'IPv6' }
            @{ Value = '203.0.113.0/24'; Pattern = 'range' }
            @{ Value = 'relay.contoso.com'; Pattern = 'not an IPv4 address' }
        ) {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress $Value -CertificateName mail.contoso.com -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidSenderIPAddress$script:Suffix"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].TargetObject | Should -Be $Value
            $errors[0].Exception.Message | Should -Match $Pattern
            $result.MatchedConnector | Should -Be 'Hybrid certificate'
        }

        It 'writes no result when every identity value was bad' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 'nonsense' -ErrorVariable errors -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
        }

        It 'reports a -CertificateName without CN' {
            $null = $script:Live | Test-InboundConnector -CertificateName '<I>CN=CA<S>O=Contoso' -SenderIPAddress 203.0.113.25 -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidCertificateName$script:Suffix"
            $errors[0].Exception.Message | Should -Match 'no CN='
        }

        It 'reports an unreadable certificate file (<Case>)' -ForEach @(
            @{ Case = 'missing'; Content = $null }
            @{ Case = 'not a certificate'; Content = 'hello' }
            @{ Case = 'a key only'; Content = "-----BEGIN PRIVATE KEY-----`nAAAA`n-----END PRIVATE KEY-----`n" }
        ) {
            $path = Join-Path $TestDrive ("bad-{0}.pem" -f [guid]::NewGuid())
            if ($null -ne $Content) { Set-Content -Path $path -Value $Content }
            $result = $script:Live | Test-InboundConnector -CertificatePath $path -SenderIPAddress 203.0.113.25 -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Be "CertificateFileUnreadable$script:Suffix"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].TargetObject | Should -Be $path
            $result.MatchedConnector | Should -Be 'From on-premises'
        }

        It 'reports a bad accepted domain' {
            $null = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25 -AcceptedDomain 'contoso..com' -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -Be "InvalidAcceptedDomain$script:Suffix"
        }
    }

    Context 'output' {
        It '-Quiet writes one Boolean: True for Pass or Warning' {
            $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25 -Quiet | Should -BeExactly $true
            $script:Live | Test-InboundConnector -SenderIPAddress 198.51.100.99 -Quiet | Should -BeExactly $false
            @($script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25 -Quiet) | Should -HaveCount 1
        }

        It 'lists every connector with whether and why it matched' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $result.Connectors.Name | Should -Be @('From on-premises', 'Hybrid certificate', 'Old relay', 'Fabrikam partner', 'Lab')
            $result.Connectors | ForEach-Object { $_.Reason | Should -Not -BeNullOrEmpty }
            ($result.Connectors | Where-Object Selected).Name | Should -Be 'From on-premises'
        }

        It 'shows results and connector evaluations as tables' {
            $result = $script:Live | Test-InboundConnector -SenderIPAddress 203.0.113.25
            $table = $result | Format-Table | Out-String -Width 200
            $table | Should -Match 'MatchedConnector'
            $table | Should -Match 'From on-premises'
            $connectors = $result.Connectors | Format-Table | Out-String -Width 200
            $connectors | Should -Match 'Reason'
            $connectors | Should -Match 'Used: it matches by IP address'
        }

        It 'works module-qualified' {
            (ATTR35\Test-InboundConnector -SenderIPAddress 203.0.113.25).Findings[0].Code | Should -Be 'ConnectorNone'
        }
    }
}

Describe 'Test-InboundConnector -SendingServer against the lab Postfix' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
        $script:connectors = @(
            [pscustomobject]@{ Name = 'By address'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.25'); TlsSenderCertificateName = $null }
            [pscustomobject]@{ Name = 'From EOP lab'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @(); TlsSenderCertificateName = '*.protection.outlook.com' }
        )
    }

    It 'fetches the certificate over STARTTLS and matches a connector by certificate name' {
        $result = $script:connectors | Test-InboundConnector -SendingServer good-lab-example.mail.protection.outlook.com:2525 -Server $script:dns -TimeoutSeconds 5
        $result.CertificateNames | Should -Contain 'mail.protection.outlook.com'
        $result.MatchedConnector | Should -Be 'From EOP lab'
        $result.MatchedBy | Should -Be 'Certificate'
        ($result.Findings | Where-Object Code -eq 'ConnectorMatched').Subject | Should -Be 'From EOP lab'
    }

    It 'reports a server without STARTTLS as ConnectorSendingServerFailed, not as a match or a crash' {
        $lab = Get-Lab
        $result = $script:connectors | Test-InboundConnector -SendingServer "fault.lab.example:$($lab.Fault.nostarttls)" -Server $script:dns -TimeoutSeconds 2
        $result.Status | Should -Be 'Error'
        $finding = $result.Findings | Where-Object Code -eq 'ConnectorSendingServerFailed'
        $finding.Message | Should -Match 'STARTTLS'
    }
}
