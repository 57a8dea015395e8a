BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Test-MxRecord finding codes against the lab DNS server' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It '<Domain> gives <Code> (<Status>) about <Subject>' -TestCases @(
        @{ Domain = 'good.lab.example'; Code = 'MxAssignedHost'; Status = 'Pass'; Subject = 'good.lab.example' }
        @{ Domain = 'dnssec.lab.example'; Code = 'MxAssignedHost'; Status = 'Pass'; Subject = 'dnssec.lab.example' }
        @{ Domain = 'missing.lab.example'; Code = 'MxDomainNotFound'; Status = 'Fail'; Subject = 'missing.lab.example' }
        @{ Domain = 'nomx.lab.example'; Code = 'MxNoRecords'; Status = 'Fail'; Subject = 'nomx.lab.example' }
        @{ Domain = 'nullmx.lab.example'; Code = 'MxNullMx'; Status = 'Fail'; Subject = 'nullmx.lab.example' }
        @{ Domain = 'legacy.lab.example'; Code = 'MxLegacyHost'; Status = 'Fail'; Subject = 'mail.messaging.microsoft.com' }
        @{ Domain = 'germany.lab.example'; Code = 'MxLegacyHost'; Status = 'Fail'; Subject = 'germany-lab-example.mail.protection.outlook.de' }
        @{ Domain = 'ipliteral.lab.example'; Code = 'MxIpLiteral'; Status = 'Fail'; Subject = '192.0.2.25' }
        @{ Domain = 'submission.lab.example'; Code = 'MxClientSubmissionHost'; Status = 'Fail'; Subject = 'smtp.office365.com' }
        @{ Domain = 'hve.lab.example'; Code = 'MxClientSubmissionHost'; Status = 'Fail'; Subject = 'smtp.hve.mx.microsoft' }
        @{ Domain = 'wrongtenant.lab.example'; Expected = 'wrongtenant-lab-example.mail.protection.outlook.com'; Code = 'MxNotAssignedHost'; Status = 'Fail'; Subject = 'fabrikam-com.mail.protection.outlook.com' }
        @{ Domain = 'cloudmix.lab.example'; Code = 'MxCloudMismatch'; Status = 'Fail'; Subject = 'cloudmix.lab.example' }
        @{ Domain = 'gcc.lab.example'; Expected = 'gcc-lab-example.mail.protection.outlook.com'; Code = 'MxCloudMismatch'; Status = 'Fail'; Subject = 'gcc.mail.protection.office365.us' }
        @{ Domain = 'unresolvable.lab.example'; Code = 'MxTargetUnresolvable'; Status = 'Fail'; Subject = 'missing-lab-example.mail.protection.outlook.com' }
        @{ Domain = 'multi.lab.example'; Code = 'MxMultipleMicrosoftHosts'; Status = 'Warning'; Subject = 'multi.lab.example' }
        @{ Domain = 'cloudmix.lab.example'; Code = 'MxMultipleMicrosoftHosts'; Status = 'Fail'; Subject = 'cloudmix.lab.example' }
        @{ Domain = 'transition.lab.example'; Code = 'MxDnssecTransition'; Status = 'Pass'; Subject = 'transition.lab.example' }
        @{ Domain = 'mixed.lab.example'; Code = 'MxMixedProviders'; Status = 'Warning'; Subject = 'mixed.lab.example' }
        @{ Domain = 'gateway-only.lab.example'; Code = 'MxNotMicrosoft365'; Status = 'Pass'; Subject = 'gateway-only.lab.example' }
        @{ Domain = 'alias.lab.example'; Code = 'MxTargetIsAlias'; Status = 'Warning'; Subject = 'mxalias.lab.example' }
        @{ Domain = 'stale.example'; Authoritative = $true; Code = 'MxAuthoritativeMismatch'; Status = 'Warning'; Subject = 'stale.example' }
        @{ Domain = 'notserved.invalid'; Code = 'MxLookupFailed'; Status = 'Error'; Subject = 'notserved.invalid' }
    ) {
        $parameters = @{ DomainName = $Domain; Server = $script:dns }
        if ($Expected) { $parameters.ExpectedHost = $Expected }
        if ($Authoritative) { $parameters.Authoritative = $true }
        $result = Test-MxRecord @parameters
        $result | Should -HaveCount 1
        $result.Status | Should -Be $Status
        $finding = @($result.Findings | Where-Object Code -eq $Code)
        $finding | Should -Not -BeNullOrEmpty -Because "the findings were: $($result.Findings.Code -join ', ')"
        $finding[0].Subject | Should -Be $Subject
        $finding[0].Message | Should -Not -BeNullOrEmpty
        $finding[0].Remedy | Should -Not -BeNullOrEmpty
    }

    It 'names the host to publish in the remedy when -ExpectedHost is given' {
        $result = Test-MxRecord legacy.lab.example -ExpectedHost legacy-lab-example.mail.protection.outlook.com -Server $script:dns
        ($result.Findings | Where-Object Code -eq 'MxLegacyHost').Remedy | Should -Match 'MX 0 legacy-lab-example\.mail\.protection\.outlook\.com'
    }

    It 'names the single published tenant host in the remedy of a second, wrong record' {
        $result = Test-MxRecord mixed.lab.example -Server $script:dns
        ($result.Findings | Where-Object Code -eq 'MxMixedProviders').Remedy | Should -Match 'MX 0 mixed-lab-example\.mail\.protection\.outlook\.com'
    }

    It 'accepts the DNSSEC partner of the expected host during a transition' {
        $result = Test-MxRecord transition.lab.example -ExpectedHost transition-lab-example.b-v1.mx.microsoft -Server $script:dns
        $result.Status | Should -Be 'Pass'
        $result.Findings.Code | Should -Not -Contain 'MxNotAssignedHost'
    }

    It 'reports records with kind, cloud, addresses and alias flag' {
        $result = Test-MxRecord alias.lab.example -Server $script:dns
        $result.Records[0].Host | Should -Be 'mxalias.lab.example'
        $result.Records[0].IsAlias | Should -BeTrue
        $result.Records[0].Addresses | Should -Contain '127.25.0.1'
        $good = Test-MxRecord good.lab.example -Server $script:dns
        $good.Records[0].HostKind | Should -Be ([ATTR35.HostKind]::Microsoft365)
        $good.Records[0].Cloud | Should -Be ([ATTR35.Cloud]::Worldwide)
        $good.Records[0].Addresses | Should -Contain '127.25.0.1'
        $good.Records[0].Addresses | Should -Contain '::1'
        $good.NameServer | Should -Be $script:dns
        $gcc = Test-MxRecord gcc.lab.example -Server $script:dns
        $gcc.Records[0].Cloud | Should -Be 'USGovernment'
        $nullMx = Test-MxRecord nullmx.lab.example -Server $script:dns
        $nullMx.Records[0].HostKind | Should -Be 'NullMx'
    }

    # DNS servers that fail (silence, SERVFAIL, truncation, slowness, failover across -Server):
    # tests/Pester/Faults.Dns.Tests.ps1, the DNS fault matrix.
}

Describe 'Test-MxRecord input handling' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'writes one InvalidDomainName error and one result for bad..domain and a good domain' {
        $errors = $null
        $results = 'bad..domain', 'good.lab.example' | Test-MxRecord -Server $script:dns -ErrorAction SilentlyContinue -ErrorVariable errors
        @($results) | Should -HaveCount 1
        $results.DomainName | Should -Be 'good.lab.example'
        @($errors) | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,ATTR35.Commands.TestMxRecordCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be 'bad..domain'
        $errors[0].Exception.Message | Should -Match 'bad\.\.domain'
    }

    It 'refuses <Value> with InvalidDomainName' -TestCases @(
        @{ Value = '' }, @{ Value = ' ' }, @{ Value = 'contoso' }, @{ Value = "a`r`nb.com" }, @{ Value = '-bad.example' }, @{ Value = ('a' * 64) + '.example' }
    ) {
        $errors = $null
        $null = Test-MxRecord -DomainName $Value -Server $script:dns -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,ATTR35.Commands.TestMxRecordCommand'
    }

    It 'refuses an -ExpectedHost that is not a Microsoft 365 host' {
        $errors = $null
        $null = Test-MxRecord good.lab.example -ExpectedHost mail.contoso.com -Server $script:dns -ErrorAction SilentlyContinue -ErrorVariable errors
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidExpectedHost,ATTR35.Commands.TestMxRecordCommand'
    }

    It 'refuses a malformed -Server with a terminating InvalidServer error' {
        { Test-MxRecord good.lab.example -Server '[::1' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidServer,ATTR35.Commands.TestMxRecordCommand'
    }

    It 'checks several domains given at once, in order, each on its own' {
        $errors = $null
        $results = Test-MxRecord good.lab.example, 'bad..domain', legacy.lab.example -Server $script:dns -ErrorAction SilentlyContinue -ErrorVariable errors
        $results.DomainName | Should -Be @('good.lab.example', 'legacy.lab.example')
        $results.Status | Should -Be @('Pass', 'Fail')
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidDomainName,ATTR35.Commands.TestMxRecordCommand'
    }

    It 'checks IDN, upper case and trailing-dot input in ASCII form' {
        $result = Test-MxRecord 'BÜCHER.Lab.Example.' -Server $script:dns
        $result.DomainName | Should -Be 'xn--bcher-kva.lab.example'
        $result.Status | Should -Be 'Pass'
    }

    It 'binds Get-AcceptedDomain objects by DomainName, not Name' {
        $accepted = [pscustomobject]@{ Name = 'Contoso (default)'; DomainName = 'good.lab.example'; DomainType = 'Authoritative'; Default = $true }
        $result = $accepted | Test-MxRecord -Server $script:dns
        $result.DomainName | Should -Be 'good.lab.example'
    }

    It 'binds Graph service configuration records by Label and MailExchange' {
        $record = [pscustomobject]@{ Label = 'wrongtenant.lab.example'; RecordType = 'Mx'; MailExchange = 'wrongtenant-lab-example.mail.protection.outlook.com' }
        $result = $record | Test-MxRecord -Server $script:dns
        $result.ExpectedHost | Should -Be 'wrongtenant-lab-example.mail.protection.outlook.com'
        $result.Findings.Code | Should -Contain 'MxNotAssignedHost'
    }

    It 'binds ExpectedMxRecord and DnssecMxValue' {
        ([pscustomobject]@{ Domain = 'dnssec.lab.example'; DnssecMxValue = 'dnssec-lab-example.o-v1.mx.microsoft' } | Test-MxRecord -Server $script:dns).Status | Should -Be 'Pass'
        ([pscustomobject]@{ Name = 'good.lab.example'; ExpectedMxRecord = 'other-lab-example.mail.protection.outlook.com' } | Test-MxRecord -Server $script:dns).Findings.Code | Should -Contain 'MxNotAssignedHost'
    }

    It 'accepts a wildcard accepted domain (*.contoso.com) as the domain itself' {
        (Test-MxRecord '*.good.lab.example' -Server $script:dns).DomainName | Should -Be 'good.lab.example'
    }

    It 'writes one Boolean per domain with -Quiet' {
        $answers = 'good.lab.example', 'legacy.lab.example', 'multi.lab.example', 'notserved.invalid' | Test-MxRecord -Server $script:dns -Quiet
        $answers | Should -Be @($true, $false, $true, $false)
        $answers[0] | Should -BeOfType [bool]
    }

    It 'keeps input order with many domains in flight' {
        $domains = 1..6 | ForEach-Object { 'missing.lab.example', 'good.lab.example', 'notserved.invalid', 'legacy.lab.example' } | ForEach-Object { $_ }
        $results = $domains | Test-MxRecord -Server $script:dns -ThrottleLimit 8
        $results.DomainName | Should -Be $domains
    }

    It 'keeps errors in input order between results' {
        $out = 'good.lab.example', 'bad..domain', 'legacy.lab.example' | Test-MxRecord -Server $script:dns -ErrorAction Continue 2>&1
        $out[0].DomainName | Should -Be 'good.lab.example'
        $out[1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $out[2].DomainName | Should -Be 'legacy.lab.example'
    }

    It 'tells each DNS question with -Verbose' {
        $verbose = Test-MxRecord good.lab.example -Server $script:dns -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'MX good\.lab\.example'
    }

    It 'shows DomainName, Status, the worst finding''s code and MX in the default table' {
        $text = Test-MxRecord legacy.lab.example -Server $script:dns | Out-String -Width 250
        $text | Should -Match 'DomainName\s+Status\s+Finding\s+MX'
        $text | Should -Match 'legacy\.lab\.example\s+Fail\s+MxLegacyHost\s+0 mail\.messaging\.microsoft\.com'
    }
}

Describe 'Test-MxRecord coexistence' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'works module-qualified and with a prefix' {
        (ATTR35\Test-MxRecord good.lab.example -Server $script:dns).Status | Should -Be 'Pass'
        $out = Invoke-FreshPwsh @"
Import-Module '$env:ATTR35_MODULE' -Prefix A35
(Test-A35MxRecord good.lab.example -Server '$script:dns').Status.ToString()
[bool](Get-Command Test-MxRecord -ErrorAction SilentlyContinue)
"@
        $out | Should -Be @('Pass', 'False')
    }

    It 'keeps DnsClient out of the default load context' {
        $out = Invoke-FreshPwsh @"
Import-Module '$env:ATTR35_MODULE'
`$null = Test-MxRecord good.lab.example -Server '$script:dns'
[System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.Where({ `$_.GetName().Name -eq 'DnsClient' }).Count
([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'ATTR35').Assemblies.Where({ `$_.GetName().Name -eq 'DnsClient' }).ForEach({ `$_.GetName().Version.ToString() })
"@
        $out | Should -Be @('0', '1.8.0.0')
    }

    It 'works when another DnsClient version is already loaded in the session' {
        $packages = (& dotnet nuget locals global-packages --list | Select-Object -First 1) -replace '^global-packages:\s*', ''
        $other = Join-Path $packages.Trim() 'dnsclient/1.6.1/lib/netstandard2.0/DnsClient.dll'
        Test-Path $other | Should -BeTrue -Because 'tests/TestTools restores DnsClient 1.6.1'
        $out = Invoke-FreshPwsh @"
Add-Type -Path '$other'
Import-Module '$env:ATTR35_MODULE'
(Test-MxRecord good.lab.example -Server '$script:dns').Status.ToString()
[System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.Where({ `$_.GetName().Name -eq 'DnsClient' }).ForEach({ `$_.GetName().Version.ToString() })
`$client = [DnsClient.LookupClient]::new([System.Net.IPEndPoint]::new([ipaddress]'127.53.0.1', 5300))
`$client.Query('good.lab.example', [DnsClient.QueryType]::MX).Answers.Count
"@
        $out | Should -Be @('Pass', '1.6.1.0', '1')
    }
}

Describe 'Test-MxRecord help' {
    It 'has a synopsis, a description, every parameter and at least three examples' {
        $help = Get-Help Test-MxRecord -Full
        $help.Synopsis | Should -Match 'MX record'
        ($help.description.Text -join ' ') | Should -Match 'ATTR35'
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
        ($help.examples.example.code -join "`n") | Should -Match 'Get-AcceptedDomain \| Test-MxRecord'
        ($help.examples.example.code -join "`n") | Should -Match 'Get-MgDomainServiceConfigurationRecord'
        foreach ($name in 'DomainName', 'ExpectedHost', 'Authoritative', 'Server', 'TimeoutSeconds', 'ThrottleLimit', 'Quiet') {
            $parameter = $help.parameters.parameter | Where-Object Name -eq $name
            $parameter | Should -Not -BeNullOrEmpty -Because "-$name must be documented"
            ($parameter.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
        ($help.parameters.parameter | Where-Object Name -eq 'DomainName').aliases | Should -Match 'Label'
    }
}
