BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Test-SmartHost in DNS against the lab' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It '<SmartHost> gives <Code> (<Status>) about <Subject>' -TestCases @(
        @{ SmartHost = 'good.lab.example'; Domain = 'good.lab.example'; Code = 'SmartHostAssignedHost'; Status = 'Pass'; Subject = 'good.lab.example' }
        @{ SmartHost = '[good-lab-example.mail.protection.outlook.com]:25'; Domain = 'good.lab.example'; Code = 'SmartHostAssignedHost'; Status = 'Pass'; Subject = 'good-lab-example.mail.protection.outlook.com' }
        @{ SmartHost = 'dnssec-lab-example.o-v1.mx.microsoft'; Expected = 'dnssec-lab-example.mail.protection.outlook.com'; Code = 'SmartHostAssignedHost'; Status = 'Pass'; Subject = 'dnssec-lab-example.o-v1.mx.microsoft' }
        @{ SmartHost = '127.25.0.1'; Domain = 'good.lab.example'; Code = 'SmartHostIpLiteral'; Status = 'Fail'; Subject = '127.25.0.1' }
        @{ SmartHost = '[192.0.2.25]:25'; Domain = 'good.lab.example'; Code = 'SmartHostIpLiteral'; Status = 'Fail'; Subject = '192.0.2.25' }
        @{ SmartHost = 'mail.messaging.microsoft.com'; Domain = 'good.lab.example'; Code = 'SmartHostLegacyHost'; Status = 'Fail'; Subject = 'mail.messaging.microsoft.com' }
        @{ SmartHost = 'legacy.lab.example'; Domain = 'good.lab.example'; Code = 'SmartHostLegacyHost'; Status = 'Fail'; Subject = 'mail.messaging.microsoft.com' }
        @{ SmartHost = 'smtp.office365.com'; Domain = 'good.lab.example'; Code = 'SmartHostClientSubmission'; Status = 'Fail'; Subject = 'smtp.office365.com' }
        @{ SmartHost = '[relay.lab.example]:587'; Domain = 'good.lab.example'; Code = 'SmartHostClientSubmission'; Status = 'Fail'; Subject = 'relay.lab.example:587' }
        @{ SmartHost = 'smtp.hve.mx.microsoft'; Code = 'SmartHostClientSubmission'; Status = 'Fail'; Subject = 'smtp.hve.mx.microsoft' }
        @{ SmartHost = 'fabrikam-com.mail.protection.outlook.com'; Domain = 'good.lab.example'; Code = 'SmartHostNotAssignedHost'; Status = 'Fail'; Subject = 'fabrikam-com.mail.protection.outlook.com' }
        @{ SmartHost = 'wrongtenant.lab.example'; Expected = 'wrongtenant-lab-example.mail.protection.outlook.com'; Code = 'SmartHostNotAssignedHost'; Status = 'Fail'; Subject = 'fabrikam-com.mail.protection.outlook.com' }
        @{ SmartHost = 'gcc.mail.protection.office365.us'; Expected = 'good-lab-example.mail.protection.outlook.com'; Code = 'SmartHostCloudMismatch'; Status = 'Fail'; Subject = 'gcc.mail.protection.office365.us' }
        @{ SmartHost = 'gateway-only.lab.example'; Domain = 'good.lab.example'; Code = 'SmartHostNotMicrosoft365'; Status = 'Pass'; Subject = 'gateway-only.lab.example' }
        @{ SmartHost = '[relay.lab.example]'; Domain = 'good.lab.example'; Code = 'SmartHostNotMicrosoft365'; Status = 'Pass'; Subject = 'relay.lab.example' }
        @{ SmartHost = 'nothing.lab.example'; Domain = 'good.lab.example'; Code = 'SmartHostUnresolvable'; Status = 'Fail'; Subject = 'nothing.lab.example' }
        @{ SmartHost = '[nomx-target.lab.example]'; Code = 'SmartHostUnresolvable'; Status = 'Fail'; Subject = 'nomx-target.lab.example' }
        @{ SmartHost = 'good.lab.example'; Code = 'SmartHostNoReference'; Status = 'Pass'; Subject = 'good.lab.example' }
        @{ SmartHost = 'good.lab.example'; Domain = 'notserved.invalid'; Code = 'SmartHostLookupFailed'; Status = 'Error'; Subject = 'notserved.invalid' }
    ) {
        $parameters = @{ SmartHost = $SmartHost; Server = $script:dns }
        if ($Domain) { $parameters.DomainName = $Domain }
        if ($Expected) { $parameters.ExpectedHost = $Expected }
        $result = Test-SmartHost @parameters
        $result | Should -HaveCount 1
        $result.Status | Should -Be $Status
        $finding = @($result.Findings | Where-Object Code -eq $Code)
        $finding | Should -Not -BeNullOrEmpty -Because "the findings were: $($result.Findings.Code -join ', ')"
        $finding[0].Subject | Should -Be $Subject
        $finding[0].Remedy | Should -Not -BeNullOrEmpty
    }

    It 'resolves a bare name by MX and a bracketed name by address records only' {
        $bare = Test-SmartHost good.lab.example -Server $script:dns -DomainName good.lab.example
        $bare.Destinations[0].Via | Should -Be 'MX'
        $bare.Destinations[0].Host | Should -Be 'good-lab-example.mail.protection.outlook.com'
        $bare.Destinations[0].Addresses | Should -Contain '127.25.0.1'
        $bracketed = Test-SmartHost '[good.lab.example]' -Server $script:dns -DomainName good.lab.example
        $bracketed.Destinations[0].Via | Should -Be 'A/AAAA'
        $bracketed.Findings.Code | Should -Contain 'SmartHostUnresolvable'
    }

    It 'names the reference host in the remedy' {
        $result = Test-SmartHost 127.25.0.1 -Server $script:dns -DomainName good.lab.example
        $result.Findings[0].Remedy | Should -Match 'good-lab-example\.mail\.protection\.outlook\.com'
    }

    It 'checks every smart host of a piped send connector and names the connector' {
        $connector = [pscustomobject]@{
            Name = 'Outbound to Office 365'; SmartHosts = @('good.lab.example', '127.25.0.1'); AddressSpaces = @('SMTP:good.lab.example;1')
            Port = 25; DNSRoutingEnabled = $false
        }
        $results = $connector | Test-SmartHost -Server $script:dns
        $results | Should -HaveCount 2
        $results.Connector | Should -Be @('Outbound to Office 365', 'Outbound to Office 365')
        $results.DomainName | Should -Be @('good.lab.example', 'good.lab.example')
        $results[0].Status | Should -Be 'Pass'
        $results[1].Findings.Code | Should -Contain 'SmartHostIpLiteral'
        $results[1].Findings[0].Message | Should -Match "send connector 'Outbound to Office 365'"
    }

    It 'gives the same results for a send connector exported to CSV' {
        $connector = [pscustomobject]@{ Name = 'Outbound'; SmartHosts = 'good.lab.example 127.25.0.1'; AddressSpaces = 'SMTP:*;1 smtp:good.lab.example;1'; Port = '25' }
        $csv = $connector | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $results = $csv | Test-SmartHost -Server $script:dns
        $results.SmartHost | Should -Be @('good.lab.example', '127.25.0.1')
        $results.DomainName | Should -Be @('good.lab.example', 'good.lab.example')
    }

    It 'warns about a send connector that uses DNS routing' {
        $connector = [pscustomobject]@{ Name = 'Internet'; SmartHosts = @(); AddressSpaces = @('SMTP:*;1'); DNSRoutingEnabled = $true }
        $warnings = $null
        $results = $connector | Test-SmartHost -Server $script:dns -WarningVariable warnings -WarningAction SilentlyContinue
        $results | Should -BeNullOrEmpty
        $warnings[0].Message | Should -Match "'Internet'.*DNS routing"
    }

    It 'writes InvalidSmartHost for a malformed smart host and goes on' {
        $errors = $null
        $results = '[unbalanced', 'good.lab.example' | Test-SmartHost -Server $script:dns -DomainName good.lab.example -ErrorAction SilentlyContinue -ErrorVariable errors
        @($results) | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidSmartHost,ATTR35.Commands.TestSmartHostCommand'
        $errors[0].TargetObject | Should -Be '[unbalanced'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'writes one Boolean per smart host with -Quiet' {
        'good.lab.example', '127.25.0.1' | Test-SmartHost -Server $script:dns -DomainName good.lab.example -Quiet | Should -Be @($true, $false)
    }

    It 'shows SmartHost, Status, the worst finding''s code and Destinations in the default table' {
        $text = Test-SmartHost 127.25.0.1 -Server $script:dns -DomainName good.lab.example | Out-String -Width 250
        $text | Should -Match 'SmartHost\s+Status\s+Finding\s+Destinations'
        $text | Should -Match '127\.25\.0\.1\s+Fail\s+SmartHostIpLiteral\s+127\.25\.0\.1'
    }
}

Describe 'Test-SmartHost -Probe against the lab Postfix front ends' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
        $script:lab = Get-Lab
    }

    It 'reads the banner, EHLO, STARTTLS and the certificate of the assigned host' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe
        $probe = $result.Probe
        $probe.Address | Should -Be '127.25.0.1:2525'
        $probe.Banner | Should -Match '^220 BN8NAM11FT066\.mail\.protection\.outlook\.com Microsoft ESMTP MAIL Service ready'
        $probe.BannerHost | Should -Be 'BN8NAM11FT066.mail.protection.outlook.com'
        $probe.Region | Should -Be 'NAM'
        $probe.StartTls | Should -BeTrue
        $probe.TlsProtocol | Should -Match '^Tls1[23]$'
        $probe.Certificate.DnsNames | Should -Contain '*.mail.protection.outlook.com'
        $probe.Certificate.NameMatches | Should -BeTrue
        ($probe.Transcript -join "`n") | Should -Match 'C: STARTTLS'
        ($probe.Transcript -join "`n") | Should -Match 'C: QUIT'
    }

    It 'trusts the lab CA when the platform does, and then reports a name mismatch only' {
        $out = Invoke-FreshPwsh -Environment @{ SSL_CERT_FILE = $script:lab.Smtp.CaCertificate } @"
Import-Module '$env:ATTR35_MODULE'
`$good = Test-SmartHost good.lab.example -Port 2525 -Server '$script:dns' -DomainName good.lab.example -Probe
`$good.Probe.Certificate.ChainValid
`$good.Status.ToString()
`$relay = Test-SmartHost '[relay.lab.example]' -Port 2525 -Server '$script:dns' -Probe
`$relay.Probe.Certificate.NameMatches
(`$relay.Findings | Where-Object Code -eq 'SmartHostCertificateInvalid').Message
"@
        $out[0] | Should -Be 'True'
        $out[1] | Should -Be 'Pass'
        $out[2] | Should -Be 'False'
        $out[3] | Should -Match 'do not match'
    }

    It 'compares banner regions with the reference host (SmartHostRegionMismatch)' {
        $result = Test-SmartHost fabrikam-com.mail.protection.outlook.com -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe
        $result.Probe.Region | Should -Be 'EUR'
        $result.ReferenceProbe.Region | Should -Be 'NAM'
        $finding = $result.Findings | Where-Object Code -eq 'SmartHostRegionMismatch'
        $finding.Severity | Should -Be 'Warning'
        $finding.Subject | Should -Be '127.25.0.2:2525'
    }

    It 'gives Fail with SmartHostAttr35Deferred for a deferred recipient, and never sends DATA' {
        $result = Test-SmartHost eur.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Recipient attr35@contoso.example
        $result.Status | Should -Be 'Fail'
        $finding = $result.Findings | Where-Object Code -eq 'SmartHostAttr35Deferred'
        $finding.Subject | Should -Be '127.25.0.2:2525'
        $finding.Message | Should -Match 'region EUR'
        $result.Probe.RecipientReply | Should -Match '^451 4\.4\.62'
        $transcript = $result.Probe.Transcript -join "`n"
        $transcript | Should -Match 'C: MAIL FROM:<>'
        $transcript | Should -Match 'C: RCPT TO:<attr35@contoso.example>'
        $transcript | Should -Match 'C: RSET'
        $transcript | Should -Not -Match 'C: (DATA|BDAT)'

        # Postfix counts the commands of each session in its disconnect line.
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        do {
            $lines = @(Get-Content $script:lab.Smtp.Eur.Log | Select-String 'disconnect from .* rcpt=0/1')
            if ($lines) { break }
            Start-Sleep -Milliseconds 200
        } while ([DateTime]::UtcNow -lt $deadline)
        $lines | Should -Not -BeNullOrEmpty
        $lines[-1].Line | Should -Match 'mail=1 rcpt=0/1 rset=1 quit=1'
        $lines[-1].Line | Should -Not -Match 'data='
        $lines[-1].Line | Should -Not -Match 'bdat='
    }

    It 'gives SmartHostRecipientRejected for another refusal' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Recipient unknown@contoso.example -Sender postmaster@lab.example
        $finding = $result.Findings | Where-Object Code -eq 'SmartHostRecipientRejected'
        $finding.Subject | Should -Be '127.25.0.1:2525'
        $result.Probe.RecipientReply | Should -Match '^550'
        ($result.Probe.Transcript -join "`n") | Should -Match 'C: MAIL FROM:<postmaster@lab.example>'
    }

    It 'reads every reply of the conversation with the Exchange Online reply parser: RegionSource <Source>' -TestCases @(
        @{ Source = 'Banner'; Recipient = 'attr35@contoso.example' }
    ) {
        $result = Test-SmartHost eur.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Recipient $Recipient
        $result.Probe.Region | Should -Be 'EUR'
        $result.Probe.RegionSource | Should -Be $Source
    }

    It 'gives Fail with SmartHostTenantAttribution for <Recipient> (<Kind>)' -TestCases @(
        @{ Recipient = 'tenantattribution@contoso.example'; Kind = 'TenantAttribution'; Enhanced = '5.7.64' }
        @{ Recipient = 'directsend@contoso.example'; Kind = 'TenantInboundAttribution'; Enhanced = '5.7.68' }
    ) {
        $result = Test-SmartHost eur.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Recipient $Recipient
        $result.Status | Should -Be 'Fail'
        $finding = @($result.Findings | Where-Object Code -eq 'SmartHostTenantAttribution')
        $finding | Should -HaveCount 1 -Because "the findings were: $($result.Findings.Code -join ', ')"
        $finding[0].Severity | Should -Be 'Fail'
        $finding[0].Subject | Should -Be '127.25.0.2:2525'
        $finding[0].Message | Should -Match ([regex]::Escape("$Enhanced $Kind"))
        $finding[0].Message | Should -Match 'region EUR'
        $finding[0].Remedy | Should -Match 'connector'
        $result.Findings.Code | Should -Not -Contain 'SmartHostRecipientRejected'
        $result.Findings.Code | Should -Not -Contain 'SmartHostAttr35Deferred'
    }

    It 'gives Fail with SmartHostClientSubmissionReply when a client-submission server answers RCPT TO' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Recipient clientsubmission@contoso.example
        $result.Status | Should -Be 'Fail'
        $finding = @($result.Findings | Where-Object Code -eq 'SmartHostClientSubmissionReply')
        $finding | Should -HaveCount 1 -Because "the findings were: $($result.Findings.Code -join ', ')"
        $finding[0].Message | Should -Match 'SYXPR01CA0082'
        $finding[0].Remedy | Should -Match 'smtp\.office365\.com'
        $result.Findings.Code | Should -Not -Contain 'SmartHostRecipientRejected'
        # A client access name is never the region reached.
        $result.Probe.RegionSource | Should -Be 'Banner'
        $result.Probe.Region | Should -Be 'NAM'
    }

    It 'gives Fail with SmartHostClientSubmissionReply when a client-submission server refuses MAIL FROM' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Recipient someone@contoso.example -Sender anonymous@lab.example
        $result.Status | Should -Be 'Fail'
        $result.Findings.Code | Should -Contain 'SmartHostClientSubmissionReply'
        $result.Findings.Code | Should -Not -Contain 'SmartHostSenderRejected'
        $result.Probe.SenderReply | Should -Match '^530 5\.7\.57'
    }

    It 'presents -ClientCertificate in the TLS handshake' {
        $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($script:lab.Smtp.ClientCertificatePfx, '', 'Exportable')
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe -ClientCertificate $cert
        $result.Probe.ClientCertificateSent | Should -BeTrue
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        do {
            $seen = Get-Content $script:lab.Smtp.Nam.Log | Select-String 'relay\.contoso\.example'
            if ($seen) { break }
            Start-Sleep -Milliseconds 200
        } while ([DateTime]::UtcNow -lt $deadline)
        $seen | Should -Not -BeNullOrEmpty -Because 'Postfix logs the client certificate it received'
        ($result | ConvertTo-Json -Depth 6) | Should -Not -Match 'PRIVATE KEY'
    }
}

# Faulty servers: tests/Pester/Faults.Smtp.Tests.ps1 (the fault matrix) and Safety.Tests.ps1.

Describe 'Test-SmartHost help' {
    It 'has a synopsis, every parameter and the required examples' {
        $help = Get-Help Test-SmartHost -Full
        $help.Synopsis | Should -Match 'smart host'
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
        $code = $help.examples.example.code -join "`n"
        $code | Should -Match 'Get-SendConnector \| Test-SmartHost'
        $code | Should -Match 'relayhost'
        $code | Should -Match 'Test-SmartHost \d+\.\d+\.\d+\.\d+'
        foreach ($name in 'SmartHost', 'DomainName', 'ExpectedHost', 'Port', 'Probe', 'Recipient', 'Sender', 'HeloName', 'ClientCertificate', 'Server', 'TimeoutSeconds', 'ThrottleLimit', 'Quiet') {
            ($help.parameters.parameter | Where-Object Name -eq $name).description.Text | Should -Not -BeNullOrEmpty -Because "-$name must be documented"
        }
    }
}
