#Requires -Version 7.2
# Input fuzzing: every string parameter of every cmdlet (and every string property of a piped
# inbound connector) gets a corpus of hostile strings, random strings and near misses of a valid
# value. Each call must end as the contract says: result objects, or ErrorRecords whose ErrorId is
# documented (about_ATTR35, ERRORS), with a message that is one clean line; never an unhandled
# exception, never a hang, and the item after a bad one is still checked.
# Nothing here may reach beyond loopback: DNS goes to the lab's BIND only, probes go to the
# scripted recorder only, and values that would send anything elsewhere are left out.

BeforeDiscovery {
    $script:Parameters = @(
        @{ Cmdlet = 'Test-MxRecord'; Parameter = 'DomainName'; Seed = 'good.lab.example' }
        @{ Cmdlet = 'Test-MxRecord'; Parameter = 'ExpectedHost'; Seed = 'good-lab-example.mail.protection.outlook.com' }
        @{ Cmdlet = 'Test-MxRecord'; Parameter = 'Server'; Seed = '127.53.0.1:5300' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'SmartHost'; Seed = '[relay.lab.example]:2525' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'DomainName'; Seed = 'good.lab.example' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'ExpectedHost'; Seed = 'good-lab-example.mail.protection.outlook.com' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'Connector'; Seed = 'Outbound to Office 365' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'AddressSpaces'; Seed = 'SMTP:good.lab.example;1' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'Recipient'; Seed = 'someone@contoso.example' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'Sender'; Seed = 'postmaster@lab.example' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'HeloName'; Seed = 'probe.lab.example' }
        @{ Cmdlet = 'Test-SmartHost'; Parameter = 'Server'; Seed = '127.53.0.1:5300' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'SenderIPAddress'; Seed = '203.0.113.25' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'CertificateName'; Seed = '<I>CN=R3, O=Let''s Encrypt<S>CN=mail.contoso.com' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'CertificatePath'; Seed = '/etc/hostname' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'SendingServer'; Seed = 'fault.lab.example:25' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'AcceptedDomain'; Seed = 'contoso.com' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Server'; Seed = '127.53.0.1:5300' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Connector.Name'; Seed = 'From on-premises' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Connector.SenderIPAddresses'; Seed = '203.0.113.0/24' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Connector.TlsSenderCertificateName'; Seed = '*.contoso.com' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Connector.ConnectorType'; Seed = 'OnPremises' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Connector.Enabled'; Seed = 'True' }
        @{ Cmdlet = 'Test-InboundConnector'; Parameter = 'Connector.SenderDomains'; Seed = '*.contoso.com' }
        @{ Cmdlet = 'Get-Attr35Event'; Parameter = 'Path'; Seed = 'mail.log' }
        @{ Cmdlet = 'Get-Attr35Event'; Parameter = 'LiteralPath'; Seed = 'mail.log' }
        @{ Cmdlet = 'Get-Attr35Event'; Parameter = 'InputObject'; Seed = '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com]' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'InputObject'; Seed = '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35 [BN8NAM11FT066.eop-nam11.prod.protection.outlook.com]' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'Message'; Seed = '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'DomainName'; Seed = 'attr35-tenant.lab.example' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'SmartHost'; Seed = '[relay.lab.example]:2525' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'ExpectedHost'; Seed = 'attr35-tenant-lab-example.mail.protection.outlook.com' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'SenderIPAddress'; Seed = '203.0.113.25' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'CertificateName'; Seed = 'mail.contoso.com' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'AcceptedDomain'; Seed = 'attr35-tenant.lab.example' }
        @{ Cmdlet = 'Test-Attr35'; Parameter = 'Recipient'; Seed = 'someone@contoso.example' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'Hardening.ps1')
    $script:dns = Get-LabDns
    $script:lab = Get-Lab
    $script:recorder = "[fault.lab.example]:$($script:lab.Fault.recorder)"

    # Values that would make a call send something beyond loopback are left out (the count of
    # inputs tried says how many remained). -Server: only values the module refuses, or the lab's
    # own server; anything else it accepts would be asked (a host name even through the system's
    # resolver). -SendingServer: no address that is not loopback, and none of the three lab names
    # that point at documentation addresses.
    function Test-StaysOnLoopback([string] $Parameter, [string] $Value) {
        if ($Parameter -eq 'Server') {
            # NameServerSpec is internal (not a type users see): reached through the module's assembly.
            $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ATTR35' } | Select-Object -First 1
            $arguments = [object[]]@($Value, $null, $null)
            if (-not $assembly.GetType('ATTR35.Dns.NameServerSpec', $true).GetMethod('TryParse').Invoke($null, $arguments)) { return $true }
            return $arguments[1].ToString() -eq $script:dns
        }
        if ($Parameter -eq 'SendingServer') {
            $text = $Value.Trim().TrimEnd('.').ToLowerInvariant()
            $candidates = @($text, ($text -replace '^\[([^\]]*)\].*$', '$1'), ($text -replace ':[^:]*$', ''), ($text -replace '^\[|\]$', ''))
            foreach ($candidate in $candidates) {
                $address = $null
                if ([ipaddress]::TryParse($candidate, [ref] $address) -and -not [ipaddress]::IsLoopback($address)) { return $false }
                if ($candidate -match '(^|\.)(nomx|mx1\.gateway|mx2\.gateway)\.lab\.example\.?$') { return $false }
            }
        }
        $true
    }

    function New-FuzzConnector([string] $Property, [string] $Value) {
        $connector = [ordered]@{
            Name = 'Fuzzed'; Enabled = 'True'; ConnectorType = 'OnPremises'; SenderIPAddresses = '198.51.100.7'
            TlsSenderCertificateName = 'mail.fabrikam.example'; SenderDomains = '*'
        }
        $connector[$Property] = $Value
        [pscustomobject]$connector
    }

    # Get-Attr35Event: a log in a folder of its own, read after each bad path or piped string.
    $script:EventLine = 'Dec  1 12:00:01 relay1 postfix/smtp[2211]: 3F2A1B0C9D: to=<fuzz@fabrikam.example>, relay=fabrikam-example.mail.protection.outlook.com[198.51.100.25]:25, dsn=4.4.62, status=deferred (host fabrikam-example.mail.protection.outlook.com[198.51.100.25] said: 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com] (in reply to RCPT TO command))'
    $script:EventLog = Join-Path ([IO.Path]::GetTempPath()) "attr35-fuzz-$PID.log"
    Set-Content -LiteralPath $script:EventLog -Value $script:EventLine
    $script:EventFollower = { param($o) $o.Count -gt 0 -and $o[-1].Recipient -eq 'fuzz@fabrikam.example' }

    $script:Good = [pscustomobject]@{ Name = 'Good'; Enabled = 'True'; ConnectorType = 'OnPremises'; SenderIPAddresses = '203.0.113.25'; SenderDomains = '*' }

    # One call per value; what the call and the item after it must show.
    function Invoke-FuzzCall([string] $Cmdlet, [string] $Parameter, [string] $Value) {
        $base = @{ Server = $script:dns; TimeoutSeconds = 2 }
        switch ("$Cmdlet/$Parameter") {
            'Test-MxRecord/DomainName' { return @{ Parameters = $base; Input = @($Value, 'good.lab.example'); Follower = { param($o) $o[-1].DomainName -eq 'good.lab.example' } } }
            'Test-MxRecord/ExpectedHost' { return @{ Parameters = $base + @{ DomainName = 'good.lab.example'; ExpectedHost = $Value } } }
            'Test-MxRecord/Server' { return @{ Parameters = @{ DomainName = 'good.lab.example'; Server = $Value; TimeoutSeconds = 2 } } }
            'Test-SmartHost/SmartHost' { return @{ Parameters = $base; Input = @($Value, '[relay.lab.example]'); Follower = { param($o) $o[-1].SmartHost -eq '[relay.lab.example]' } } }
            'Test-SmartHost/DomainName' { return @{ Parameters = $base + @{ SmartHost = '[relay.lab.example]'; DomainName = $Value } } }
            'Test-SmartHost/ExpectedHost' { return @{ Parameters = $base + @{ SmartHost = '[relay.lab.example]'; ExpectedHost = $Value } } }
            'Test-SmartHost/Connector' { return @{ Parameters = $base + @{ SmartHost = '[relay.lab.example]'; Connector = $Value } } }
            'Test-SmartHost/AddressSpaces' { return @{ Parameters = $base + @{ SmartHost = '[relay.lab.example]'; AddressSpaces = @($Value) } } }
            'Test-SmartHost/Recipient' { return @{ Parameters = $base + @{ SmartHost = $script:recorder; Recipient = $Value; HeloName = 'fuzz.lab.example' } } }
            'Test-SmartHost/Sender' { return @{ Parameters = $base + @{ SmartHost = $script:recorder; Recipient = 'someone@contoso.example'; Sender = $Value; HeloName = 'fuzz.lab.example' } } }
            'Test-SmartHost/HeloName' { return @{ Parameters = $base + @{ SmartHost = $script:recorder; Probe = $true; HeloName = $Value } } }
            'Test-SmartHost/Server' { return @{ Parameters = @{ SmartHost = '[relay.lab.example]'; Server = $Value; TimeoutSeconds = 2 } } }
            'Test-InboundConnector/SenderIPAddress' { return @{ Parameters = @{ SenderIPAddress = $Value }; Input = @($script:Good) } }
            'Test-InboundConnector/CertificateName' { return @{ Parameters = @{ CertificateName = @($Value); SenderIPAddress = '203.0.113.25' }; Input = @($script:Good) } }
            'Test-InboundConnector/CertificatePath' { return @{ Parameters = @{ CertificatePath = $Value; SenderIPAddress = '203.0.113.25' }; Input = @($script:Good) } }
            'Test-InboundConnector/SendingServer' { return @{ Parameters = $base + @{ SendingServer = $Value }; Input = @($script:Good) } }
            'Test-InboundConnector/AcceptedDomain' { return @{ Parameters = @{ AcceptedDomain = @($Value); SenderIPAddress = '203.0.113.25' }; Input = @($script:Good) } }
            'Test-InboundConnector/Server' { return @{ Parameters = @{ Server = $Value; SenderIPAddress = '203.0.113.25' }; Input = @($script:Good) } }
            'Get-Attr35Event/Path' { return @{ Parameters = @{ Path = @($Value, $script:EventLog) }; Follower = $script:EventFollower } }
            'Get-Attr35Event/LiteralPath' { return @{ Parameters = @{ LiteralPath = @($Value, $script:EventLog) }; Follower = $script:EventFollower } }
            'Get-Attr35Event/InputObject' { return @{ Parameters = @{ All = $true }; Input = @($Value, $script:EventLine); Follower = $script:EventFollower } }
            'Test-Attr35/InputObject' { return @{ Parameters = $base + @{ DomainName = 'attr35-tenant.lab.example' }; Input = @($Value, '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35'); Follower = { param($o) ($o | Measure-Object -Property EventCount -Sum).Sum -ge 1 } } }
            'Test-Attr35/Message' { return @{ Parameters = $base + @{ Message = $Value; DomainName = 'attr35-tenant.lab.example' } } }
            'Test-Attr35/DomainName' { return @{ Parameters = $base + @{ DomainName = $Value; Message = '550 5.4.1 Recipient address rejected: Access denied.' } } }
            'Test-Attr35/SmartHost' { return @{ Parameters = $base + @{ SmartHost = @($Value); DomainName = 'attr35-tenant.lab.example' } } }
            'Test-Attr35/ExpectedHost' { return @{ Parameters = $base + @{ ExpectedHost = $Value; DomainName = 'attr35-tenant.lab.example' } } }
            'Test-Attr35/SenderIPAddress' { return @{ Parameters = $base + @{ SenderIPAddress = $Value; InboundConnector = @($script:Good); Message = '550 5.7.64 TenantAttribution; Relay Access Denied' } } }
            'Test-Attr35/CertificateName' { return @{ Parameters = $base + @{ CertificateName = @($Value); InboundConnector = @($script:Good); Message = '550 5.7.64 TenantAttribution; Relay Access Denied' } } }
            'Test-Attr35/AcceptedDomain' { return @{ Parameters = $base + @{ AcceptedDomain = @($Value); Message = '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35 <dan@attr35-outside.lab.example>' } } }
            'Test-Attr35/Recipient' { return @{ Parameters = $base + @{ SmartHost = @($script:recorder); Recipient = $Value; DomainName = 'attr35-tenant.lab.example' } } }
            default {
                $property = $Parameter -replace '^Connector\.', ''
                return @{ Parameters = @{ SenderIPAddress = '203.0.113.25' }; Input = @((New-FuzzConnector $property $Value), $script:Good); Follower = { param($o) $o[-1].Connectors.Name -contains 'Good' } }
            }
        }
    }
}

AfterAll {
    Save-HardeningTally -Name 'fuzz'
    if ($script:EventLog) { Remove-Item -LiteralPath $script:EventLog -ErrorAction SilentlyContinue }
}

Describe 'Fuzzing every string parameter' -Tag 'Lab' {
    It '<Cmdlet> -<Parameter>: every bad input ends in a result or a documented error, in time' -TestCases $script:Parameters {
        $failures = [System.Collections.Generic.List[string]]::new()
        $tried = 0
        foreach ($value in (Get-BadInput $Seed)) {
            if (-not (Test-StaysOnLoopback ($Parameter -replace '^Connector\.', 'Connector') $value)) { continue }
            $case = Invoke-FuzzCall $Cmdlet $Parameter $value
            $call = if ($case.Input) {
                Invoke-Bounded -Command $Cmdlet -Parameters $case.Parameters -InputObject $case.Input -Bound 5
            } else {
                Invoke-Bounded -Command $Cmdlet -Parameters $case.Parameters -Bound 5
            }
            $tried++
            $shown = if ($value.Length -gt 60) { $value.Substring(0, 60) + "... ($($value.Length) chars)" } else { $value }
            $shown = [regex]::Replace($shown, '[\p{C}]', { param($m) '\u{0:X4}' -f [int][char]$m.Value })
            $problem = Register-Call -Call $call -Kind BadInput -Label "$Cmdlet -$Parameter '$shown'"
            if ($problem) { $failures.Add($problem); continue }
            foreach ($record in @($call.Errors) + @($call.Terminating | Where-Object { $_ })) {
                $id = Get-ErrorIdName $record
                if ($id -match $script:BindingErrorIdPattern) { continue }
                if ($record.CategoryInfo.Category -ne 'InvalidArgument') { $failures.Add("'$shown': $id has category $($record.CategoryInfo.Category)") }
                $message = $record.Exception.Message
                if ($message -match '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]') { $failures.Add("'$shown': the $id message holds a control character") }
                if ($message.Length -gt 4100) { $failures.Add("'$shown': the $id message is $($message.Length) characters long") }
            }
            if ($case.Follower -and -not $call.Terminating -and -not (& $case.Follower $call.Output)) {
                $failures.Add("'$shown': the item after it was not checked (output: $($call.Output.Count) objects)")
            }
        }
        $tried | Should -BeGreaterThan 250
        $failures | Should -BeNullOrEmpty -Because (($failures | Select-Object -First 15) -join "`n")
    }
}

Describe 'The documented error ids' {
    It 'are the catalogue the built module writes from, and about_ATTR35 lists each' {
        # ErrorIds is the one place the code takes an ErrorId from (the compiler refuses any other).
        $catalogue = Invoke-FreshPwsh @"
Import-Module '$env:ATTR35_MODULE'
`$type = (Get-Module ATTR35).ImplementingAssembly.GetType('ATTR35.ErrorIds', `$true)
`$type.GetProperty('Documented', [Reflection.BindingFlags]'Static,Public,NonPublic').GetValue(`$null) | ForEach-Object { `$_.Id }
"@
        @($catalogue) | Should -Be @($script:DocumentedErrorIds)
        $catalogue | Should -Contain 'InvalidSmartHost'
        $catalogue | Should -Not -Contain 'CheckFailed'
    }
}
