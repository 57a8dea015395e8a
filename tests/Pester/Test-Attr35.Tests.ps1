BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A Postfix smtp log line as Postfix writes it for a deferral or bounce.
    function New-PostfixLine {
        param([string] $Recipient, [string] $Relay, [string] $Address = '127.25.0.1', [string] $Reply, [int] $Second = 1, [string] $Status = 'deferred')
        $dsn = ($Reply -split ' ')[1]
        "Dec  1 12:00:{0:d2} relay01 postfix/smtp[2211]: 7C2E13A0F4: to=<{1}>, relay={2}[{3}]:25, delay=1.9, delays=0.05/0.01/0.93/0.91, dsn={4}, status={5} (host {2}[{3}] said: {6} (in reply to RCPT TO command))" -f $Second, $Recipient, $Relay, $Address, $dsn, $Status, $Reply
    }

    $script:attr35 = '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com 2026-12-01T12:00:01.412Z 08DE1F2A3B4C5D6E]'
    $script:tenantHost = 'attr35-tenant-lab-example.mail.protection.outlook.com'
    $script:otherHost = 'attr35-othertenant-lab-example.mail.protection.outlook.com'
    # The connector export of the lab tenant: the relays' old public range only.
    $script:connectors = @([pscustomobject]@{ Name = 'From on-premises relays'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('198.51.100.0/24'); SenderDomains = @('smtp:*;1'); TlsSenderCertificateName = $null })
}

Describe 'Test-Attr35 tells the situations apart against the lab' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'a relay that is the recipient domain''s legacy MX target is Cause MxRecord' {
        $line = New-PostfixLine 'ann@attr35-legacymx.lab.example' 'mail.messaging.microsoft.com' '127.25.0.3' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns
        $d | Should -HaveCount 1
        $d.Cause | Should -Be 'MxRecord'
        $d.Status | Should -Be 'Fail'
        $d.DomainName | Should -Be 'attr35-legacymx.lab.example'
        $d.Findings.Code | Should -Contain 'Attr35CauseMxRecord'
        $d.Findings.Code | Should -Contain 'MxLegacyHost'
        $d.MxRecord.Records.Host | Should -Be 'mail.messaging.microsoft.com'
        $d.SmartHosts | Should -HaveCount 0 -Because 'the relay came from the MX, so the MX check decides'
        $d.Remedy | Should -Match 'attr35-legacymx\.lab\.example'
    }

    It 'the same legacy relay for a domain whose MX is right is Cause SmartHost, naming the host to use' {
        $line = New-PostfixLine 'ann@attr35-tenant.lab.example' 'mail.messaging.microsoft.com' '127.25.0.3' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns
        $d.Cause | Should -Be 'SmartHost'
        $d.Findings.Code | Should -Contain 'Attr35CauseSmartHost'
        $d.Findings.Code | Should -Contain 'SmartHostLegacyHost'
        $d.MxRecord.Status | Should -Be 'Pass'
        $d.SmartHosts[0].SmartHost | Should -Be 'mail.messaging.microsoft.com'
        $d.Remedy | Should -Match ([regex]::Escape($script:tenantHost))
        $d.Relays | Should -Be @('mail.messaging.microsoft.com')
        $d.FrontEnds | Should -Be @('bn8nam11ft066.eop-nam11.prod.protection.outlook.com')
        $d.Regions | Should -Be @('NAM')
        $d.Findings.Code | Should -Contain 'Attr35RegionEvidence'
    }

    It 'an IP address as relay is Cause SmartHost with SmartHostIpLiteral' {
        $line = New-PostfixLine 'ann@attr35-tenant.lab.example' '127.25.0.2' '127.25.0.2' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns
        $d.Cause | Should -Be 'SmartHost'
        $d.Findings.Code | Should -Contain 'SmartHostIpLiteral'
        $d.Remedy | Should -Match ([regex]::Escape($script:tenantHost))
    }

    It 'mail for another tenant''s domain sent to this tenant''s host is Attr35NonTenantDomain' {
        $line = New-PostfixLine 'carl@attr35-othertenant.lab.example' $script:tenantHost '127.25.0.1' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns -AcceptedDomain attr35-tenant.lab.example
        $d.Cause | Should -Be 'SmartHost'
        $d.Findings.Code | Should -Contain 'Attr35NonTenantDomain'
        $d.Remedy | Should -Match ([regex]::Escape($script:otherHost))
        # Without the accepted domains nothing says the domain is not the tenant's own.
        ($line | Test-Attr35 -Server $script:dns).Findings.Code | Should -Not -Contain 'Attr35NonTenantDomain'
    }

    It 'relayed mail to a recipient outside Microsoft 365 from an address on no connector is Cause InboundConnector' {
        $line = New-PostfixLine 'dan@attr35-outside.lab.example' $script:tenantHost '127.25.0.1' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns -AcceptedDomain attr35-tenant.lab.example -InboundConnector $script:connectors -SenderIPAddress 203.0.113.25
        $d.Cause | Should -Be 'InboundConnector'
        $d.Findings.Code | Should -Contain 'Attr35CauseInboundConnector'
        $d.Findings.Code | Should -Contain 'ConnectorNoMatch'
        $d.InboundConnector.SenderIPAddress | Should -Be '203.0.113.25'
        $d.Remedy | Should -Match 'Set-InboundConnector -Identity "From on-premises relays" -SenderIPAddresses @\{Add="203\.0\.113\.25"\}'

        # The same evidence with the sender on the connector: nothing explains it any more.
        $matching = @([pscustomobject]@{ Name = 'From on-premises relays'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.0/24') })
        $other = $line | Test-Attr35 -Server $script:dns -AcceptedDomain attr35-tenant.lab.example -InboundConnector $matching -SenderIPAddress 203.0.113.25
        $other.Cause | Should -Be 'Unknown'
        $other.Findings.Code | Should -Contain 'Attr35CauseUnknown'
    }

    It 'a TenantAttribution reply goes to the connector check alone' {
        $line = New-PostfixLine 'dan@attr35-outside.lab.example' $script:tenantHost '127.25.0.1' '550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]' -Status bounced
        $d = $line | Test-Attr35 -Server $script:dns -InboundConnector $script:connectors -SenderIPAddress 203.0.113.25
        $d.Cause | Should -Be 'InboundConnector'
        $d.Kinds | Should -Be @('TenantAttribution')
        $d.MxRecord | Should -BeNullOrEmpty
        $d.SmartHosts | Should -HaveCount 0
    }

    It 'a reply that is not ATTR35 is Cause NotAttr35 with what it means, and no check runs' {
        $line = New-PostfixLine 'old.user@attr35-tenant.lab.example' 'mail.messaging.microsoft.com' '127.25.0.3' '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [SN1NAM02FT003.eop-nam02.prod.protection.outlook.com]' -Status bounced
        $d = $line | Test-Attr35 -Server $script:dns
        $d.Cause | Should -Be 'NotAttr35'
        $d.Status | Should -Be 'Warning'
        $d.Findings.Code | Should -Contain 'Attr35NotAttr35'
        $d.Findings[0].Message | Should -Match 'RecipientRejected'
        $d.Remedy | Should -Match 'old\.user@attr35-tenant\.lab\.example'
        $d.MxRecord | Should -BeNullOrEmpty
    }

    It 'an ATTR35 through the right host with no connector data is Cause Unknown, saying what to collect' {
        $line = New-PostfixLine 'eve@attr35-tenant.lab.example' $script:tenantHost '127.25.0.1' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns
        $d.Cause | Should -Be 'Unknown'
        $d.Remedy | Should -Match '-InboundConnector'
        $d.Remedy | Should -Match '-SenderIPAddress'
    }

    It 'without events, a right configuration is Cause None, and -Quiet says True' {
        $d = Test-Attr35 -DomainName attr35-tenant.lab.example -SmartHost $script:tenantHost -Server $script:dns
        $d.Cause | Should -Be 'None'
        $d.Status | Should -Be 'Pass'
        $d.EventCount | Should -Be 0
        $d.Findings.Code | Should -Contain 'Attr35NoEvent'
        Test-Attr35 -DomainName attr35-tenant.lab.example -SmartHost $script:tenantHost -Server $script:dns -Quiet | Should -BeTrue
        Test-Attr35 -DomainName attr35-legacymx.lab.example -Server $script:dns -Quiet | Should -BeFalse
    }

    It 'an explicit -SmartHost, or a send connector''s smart host, wins over the relay of the events' {
        $line = New-PostfixLine 'ann@attr35-tenant.lab.example' $script:tenantHost '127.25.0.1' $script:attr35
        $d = $line | Test-Attr35 -Server $script:dns -SmartHost '[127.25.0.2]'
        $d.Cause | Should -Be 'SmartHost'
        $d.SmartHosts.SmartHost | Should -Be '[127.25.0.2]'
        $connector = [pscustomobject]@{ Name = 'To Microsoft 365'; SmartHosts = @('attr35-relay.lab.example'); AddressSpaces = @('SMTP:*;1'); Port = 25 }
        $viaConnector = $line | Test-Attr35 -Server $script:dns -SendConnector $connector
        $viaConnector.SmartHosts.Connector | Should -Be 'To Microsoft 365'
        $viaConnector.SmartHosts.Findings.Code | Should -Contain 'SmartHostNotMicrosoft365'
    }
}

Describe 'Test-Attr35 reads each input kind' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'groups a long log by recipient domain and relay, one diagnosis per group in order of first appearance' {
        $lines = foreach ($i in 1..200) {
            New-PostfixLine "user$i@attr35-tenant.lab.example" 'mail.messaging.microsoft.com' '127.25.0.3' $script:attr35 -Second ($i % 60)
            New-PostfixLine "user$i@attr35-legacymx.lab.example" 'mail.messaging.microsoft.com' '127.25.0.3' $script:attr35 -Second ($i % 60)
            "Dec  1 12:00:00 relay01 postfix/qmgr[880]: 7C2E13A0F4: removed"
        }
        $lines += New-PostfixLine 'ann@attr35-tenant.lab.example' '127.25.0.2' '127.25.0.2' $script:attr35
        $d = $lines | Test-Attr35 -Server $script:dns
        $d | Should -HaveCount 3
        $d.DomainName | Should -Be @('attr35-tenant.lab.example', 'attr35-legacymx.lab.example', 'attr35-tenant.lab.example')
        $d.EventCount | Should -Be @(200, 200, 1)
        $d.Cause | Should -Be @('SmartHost', 'MxRecord', 'SmartHost')
        $d[0].FirstSeen | Should -Be ([DateTimeOffset]::new((Get-Date).Year, 12, 1, 12, 0, 0, [TimeSpan]::Zero))
        $d[0].LastSeen | Should -Be ([DateTimeOffset]::new((Get-Date).Year, 12, 1, 12, 0, 59, [TimeSpan]::Zero))
    }

    It 'asks the lab server one MX question per group, not one per line' {
        $log = (Get-Lab).Dns.Log
        $pattern = 'query: attr35-outside\.lab\.example IN MX '
        $before = @(Select-String -Path $log -Pattern $pattern).Count
        $lines = foreach ($i in 1..300) { New-PostfixLine "user$i@attr35-outside.lab.example" $script:tenantHost '127.25.0.1' $script:attr35 }
        $d = $lines | Test-Attr35 -Server $script:dns -AcceptedDomain attr35-tenant.lab.example
        $d.EventCount | Should -Be 300
        $deadline = [DateTime]::UtcNow.AddSeconds(3)
        while (@(Select-String -Path $log -Pattern $pattern).Count -eq $before -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Start-Sleep -Milliseconds 300
        @(Select-String -Path $log -Pattern $pattern).Count - $before | Should -Be 1
    }

    It 'reads a pasted NDR given as -Message' {
        $ndr = @"
Delivery has failed to these recipients or groups:

ann@attr35-legacymx.lab.example
The message couldn't be delivered yet. The server will keep trying.

Diagnostic information for administrators:

Generating server: EX01.contoso.example

ann@attr35-legacymx.lab.example
Remote Server at mail.messaging.microsoft.com (127.25.0.3) returned '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]'
"@
        $d = Test-Attr35 -Message $ndr -Server $script:dns
        $d | Should -HaveCount 1
        $d.DomainName | Should -Be 'attr35-legacymx.lab.example'
        $d.Cause | Should -Be 'MxRecord'
    }

    It 'reads an Exchange Get-Queue export (CSV) and its LED wrapper, and checks the smart host against the accepted domain' {
        $path = Join-Path ([IO.Path]::GetTempPath()) ("attr35-queue-" + [guid]::NewGuid().ToString('n') + '.csv')
        try {
            [pscustomobject]@{
                Identity = 'EX01\12'; DeliveryType = 'SmartHostConnectorDelivery'; Status = 'Retry'; MessageCount = 14
                LastError = "[{LED=451 4.4.395 Target host responded with error. -> $script:attr35};{MSG=};{FQDN=127.25.0.2};{IP=127.25.0.2};{LRT=12/1/2026 11:59:41 AM}]"
                NextHopDomain = 'to microsoft 365'
            } | Export-Csv -Path $path -NoTypeInformation
            $d = Import-Csv $path | Test-Attr35 -Server $script:dns -AcceptedDomain attr35-tenant.lab.example
            $d.Cause | Should -Be 'SmartHost'
            $d.Relays | Should -Be @('127.25.0.2')
            $d.Findings.Code | Should -Contain 'SmartHostIpLiteral'
            $d.Remedy | Should -Match ([regex]::Escape($script:tenantHost))
        } finally {
            Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
        }
    }

    It 'takes an Exchange DNS delivery queue (DeliveryType DnsConnectorDelivery) to have followed the MX, though its error names no host' {
        $queue = [pscustomobject]@{
            Identity = 'EX01\31'; DeliveryType = 'DnsConnectorDelivery'; Status = 'Retry'; MessageCount = 3
            NextHopDomain = 'attr35-legacymx.lab.example'
            LastError = "451 4.4.395 Target host responded with error. -> $script:attr35"
        }
        $d = $queue | Test-Attr35 -Server $script:dns
        $d | Should -HaveCount 1
        $d.DomainName | Should -Be 'attr35-legacymx.lab.example'
        $d.Cause | Should -Be 'MxRecord'
        $d.Findings.Code | Should -Contain 'Attr35CauseMxRecord'
        $d.Findings.Where({ $_.Code -eq 'Attr35CauseMxRecord' }).Message | Should -Match 'went where its MX record points'

        # The same queue routed through a send connector is not taken to have followed the MX.
        $smart = $queue.PSObject.Copy()
        $smart.DeliveryType = 'SmartHostConnectorDelivery'
        ($smart | Test-Attr35 -Server $script:dns).Cause | Should -Not -Be 'MxRecord'
    }

    It 'reads inbound connectors exported to JSON as live ones' {
        $json = $script:connectors | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $line = New-PostfixLine 'dan@attr35-outside.lab.example' $script:tenantHost '127.25.0.1' '550 5.7.64 TenantAttribution; Relay Access Denied' -Status bounced
        $d = $line | Test-Attr35 -Server $script:dns -InboundConnector $json -SenderIPAddress 203.0.113.25
        $d.InboundConnector.Connectors.Name | Should -Be @('From on-premises relays')
        $d.Cause | Should -Be 'InboundConnector'
    }
}

Describe 'Test-Attr35 -Probe against the lab Postfix front ends' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'probes the smart host and records the live ATTR35 at RCPT TO, which alone names no cause' {
        $d = Test-Attr35 -DomainName attr35-tenant.lab.example -SmartHost "$($script:tenantHost):2525" -Recipient attr35@attr35-tenant.lab.example -Server $script:dns
        $d.SmartHosts | Should -HaveCount 1
        $d.SmartHosts[0].Probe.RecipientReply | Should -Match '4\.4\.62'
        $d.SmartHosts[0].Findings.Code | Should -Contain 'SmartHostAttr35Deferred'
        $d.Cause | Should -Be 'Unknown'
        $d.Remedy | Should -Match '-InboundConnector'
    }
}

Describe 'Test-Attr35 bad input' {
    It 'reports <Id> for a bad -<Parameter> and still writes the diagnosis' -TestCases @(
        @{ Parameter = 'SmartHost'; Value = '[unbalanced'; Id = 'InvalidSmartHost' }
        @{ Parameter = 'SenderIPAddress'; Value = '2001:db8::25'; Id = 'InvalidSenderIPAddress' }
        @{ Parameter = 'DomainName'; Value = 'bad..domain'; Id = 'InvalidDomainName' }
        @{ Parameter = 'AcceptedDomain'; Value = 'bad..domain'; Id = 'InvalidAcceptedDomain' }
        @{ Parameter = 'CertificateName'; Value = 'mail.*.example'; Id = 'InvalidCertificateName' }
        @{ Parameter = 'InboundConnector'; Value = 'From on-premises relays'; Id = 'InvalidConnector' }
        @{ Parameter = 'SendConnector'; Value = 'Outbound'; Id = 'InvalidSendConnector' }
        @{ Parameter = 'ExpectedHost'; Value = 'mail.contoso.example'; Id = 'InvalidExpectedHost' }
    ) {
        $parameters = @{ $Parameter = $Value; Message = '550 5.4.1 Recipient address rejected: Access denied.' }
        $d = Test-Attr35 @parameters -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$Id,ATTR35.Commands.TestAttr35Command"
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be $Value
        $errors[0].Exception.Message | Should -Match ([regex]::Escape($Value))
        $d | Should -HaveCount 1
        $d.Cause | Should -Be 'NotAttr35'
    }

    It 'refuses a -Recipient that cannot be sent before anything is sent' {
        { Test-Attr35 -Recipient "a@b.example`r`nDATA" -SmartHost '[127.0.0.1]' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidRecipient,ATTR35.Commands.TestAttr35Command'
    }

    It 'skips input without an Exchange Online reply and says Attr35NoEvent' {
        $d = 'just a line', 'Dec  1 12:00:00 relay01 postfix/qmgr[880]: 7C2E13A0F4: removed', $null, '' | Test-Attr35
        $d | Should -HaveCount 1
        $d.Cause | Should -Be 'None'
        $d.Findings.Code | Should -Be @('Attr35NoEvent')
    }
}

Describe 'Test-Attr35 views' {
    It 'the table has domain, cause, events and remedy, and reads at 80 columns' {
        $d = Test-Attr35 -Message '550 5.4.1 Recipient address rejected: Access denied. <ann@contoso.example>' -DomainName contoso.example
        $text = $d | Format-Table | Out-String -Width 80
        $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^DomainName\s+Cause\s+Events\s+Remedy$'
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        $text | Should -Match 'contoso\.example\s+NotAttr35\s+1 '
        $list = $d | Format-List | Out-String -Width 120
        foreach ($label in 'Status', 'Cause', 'Remedy', 'EventCount', 'Relays', 'FrontEnds', 'Regions', 'Checks', 'Findings') {
            $list | Should -Match "(?m)^$label\s*:"
        }
        $list | Should -Match 'Attr35NotAttr35'
    }
}

Describe 'The README''s first look' -Tag 'Lab' {
    It 'runs as written on a fresh copy of the repository and shows a diagnosis of the examples' {
        # The first command of the README's "A first look" section, as a new user copies it.
        $readme = Get-Content -Raw (Join-Path $env:ATTR35_REPO 'README.md')
        $section = [regex]::Match($readme, '(?ms)^## A first look[^\n]*\n(.*?)^## ').Groups[1].Value
        $command = [regex]::Match($section, '(?ms)^```[^\n]*\n(.*?)\n```').Groups[1].Value.Trim()
        $command | Should -Match 'build\.ps1 -Task Build'
        $command | Should -Match 'examples/first-look\.ps1'

        # A fresh clone: the files git knows (committed or not, never out/, bin/ or obj/).
        $copy = Join-Path ([IO.Path]::GetTempPath()) ("attr35-readme-" + [guid]::NewGuid().ToString('n'))
        try {
            $files = & git -C $env:ATTR35_REPO ls-files --cached --others --exclude-standard
            foreach ($file in $files) {
                $source = Join-Path $env:ATTR35_REPO $file
                if (-not (Test-Path -LiteralPath $source -PathType Leaf)) { continue }
                $target = Join-Path $copy $file
                $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target)
                Copy-Item -LiteralPath $source -Destination $target
            }
            Push-Location $copy
            try {
                $output = & sh -c $command 2>&1 | ForEach-Object { "$_" }
                $exit = $LASTEXITCODE
            } finally {
                Pop-Location
            }
            $text = $output -join "`n"
            $exit | Should -Be 0 -Because $text
            $text | Should -Match 'DomainName\s+Cause\s+Events\s+Remedy'
            $text | Should -Match 'contoso\.example\s+SmartHost\s+2 Replace mail\.messaging\.microsoft\.co'
            $text | Should -Match 'northwind\.example\s+InboundConnector\s+1 '
            $text | Should -Match 'contoso\.example\s+NotAttr35\s+1 '
            $text | Should -Match 'via 192\.0\.2\.30\s+SmartHost\s+1 '
            $text | Should -Match 'Set-InboundCon'
            $text | Should -Match 'On your own logs'
        } finally {
            Remove-Item -LiteralPath $copy -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
