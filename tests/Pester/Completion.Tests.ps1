BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-Completion {
        # Runs $Setup, then completes each line of $Inputs at its end, in one fresh shell: the
        # completers remember what the session saw, so each test starts from nothing.
        param([string] $Setup, [string[]] $Inputs)
        $lines = foreach ($line in $Inputs) {
            "`$i = '$($line.Replace("'", "''"))'; '>> ' + `$i; (TabExpansion2 -inputScript `$i -cursorColumn `$i.Length).CompletionMatches | ForEach-Object { `$_.CompletionText + ' | ' + `$_.ToolTip }"
        }
        $script = @"
Set-Location ([IO.Path]::GetTempPath())
Import-Module '$env:ATTR35_MODULE' -Prefix A35
$Setup
$($lines -join "`n")
"@
        $output = Invoke-FreshPwsh -Script $script
        $result = @{}
        $current = $null
        foreach ($line in $output) {
            if ($line.StartsWith('>> ')) { $current = $line.Substring(3); $result[$current] = @() }
            elseif ($null -ne $current) { $result[$current] += $line }
        }
        return $result
    }
}

Describe 'Argument completion' {
    It 'offers nothing in a new session: no guesses, no file names' {
        # A file whose name looks like a domain, in the directory the shell completes from.
        $file = Join-Path ([IO.Path]::GetTempPath()) 'contoso.com.txt'
        $null = New-Item -ItemType File -Force -Path $file
        try {
            $completions = Get-Completion -Setup '' -Inputs 'Test-A35MxRecord -DomainName ', 'Test-A35MxRecord -DomainName con', 'Test-A35SmartHost x -Server ', 'Test-A35InboundConnector -SenderIPAddress '
        } finally {
            Remove-Item $file -ErrorAction SilentlyContinue
        }
        $completions.Count | Should -Be 4
        $completions.Keys | ForEach-Object { $completions[$_] | Should -BeNullOrEmpty -Because "'$_' has nothing to offer yet" }
    }

    It 'completes -ExpectedHost with the usual form of the typed domain''s assigned host, labelled a guess' {
        $completions = Get-Completion -Setup '' -Inputs 'Test-A35MxRecord -DomainName Contoso.COM -ExpectedHost ', 'Test-A35MxRecord contoso.com -ExpectedHost '
        $completions['Test-A35MxRecord -DomainName Contoso.COM -ExpectedHost '] | Should -HaveCount 1
        $completions['Test-A35MxRecord -DomainName Contoso.COM -ExpectedHost '][0] | Should -Match '^contoso-com\.mail\.protection\.outlook\.com \| .*a guess.*Get-MgDomainServiceConfigurationRecord'
        $completions['Test-A35MxRecord contoso.com -ExpectedHost '][0] | Should -Match '^contoso-com\.mail\.protection\.outlook\.com \| '
    }

    It 'completes the sender address from an earlier Test-InboundConnector run' {
        $setup = "`$null = Test-A35InboundConnector -SenderIPAddress 203.0.113.25 -AcceptedDomain contoso.com, fabrikam.com"
        $completions = Get-Completion -Setup $setup -Inputs 'Test-A35InboundConnector -SenderIPAddress ', 'Test-A35InboundConnector -AcceptedDomain f'
        $completions['Test-A35InboundConnector -SenderIPAddress '][0] | Should -Match '^203\.0\.113\.25 \| '
        $completions['Test-A35InboundConnector -AcceptedDomain f'] | Should -HaveCount 1
        $completions['Test-A35InboundConnector -AcceptedDomain f'][0] | Should -Match '^fabrikam\.com \| '
    }
}

Describe 'Argument completion from earlier results' -Tag 'Lab' {
    BeforeAll {
        $dns = Get-LabDns
        $lab = Get-Lab
        $setup = @"
'good.lab.example', 'legacy.lab.example' | Test-A35MxRecord -Server $dns | Out-Null
Test-A35SmartHost '[fault.lab.example]:$($lab.Fault.good)' -Server $dns -Probe -TimeoutSeconds 2 | Out-Null
"@
        $script:completions = Get-Completion -Setup $setup -Inputs @(
            'Test-A35MxRecord -DomainName ',
            'Test-A35MxRecord -DomainName G',
            'Test-A35MxRecord -Domain good.lab.example -ExpectedHost ',
            'Test-A35SmartHost x -Server ',
            'Test-A35SmartHost ',
            'Test-A35InboundConnector -SenderIPAddress ',
            'ATTR35\Test-MxRecord -DomainName le'
        )
    }

    It 'completes -DomainName with the domains checked, most recent first, by prefix in any case' {
        $script:completions['Test-A35MxRecord -DomainName '] | ForEach-Object { ($_ -split ' \| ')[0] } | Should -Be @('legacy.lab.example', 'good.lab.example')
        $script:completions['Test-A35MxRecord -DomainName G'] | ForEach-Object { ($_ -split ' \| ')[0] } | Should -Be @('good.lab.example')
        $script:completions['ATTR35\Test-MxRecord -DomainName le'] | ForEach-Object { ($_ -split ' \| ')[0] } | Should -Be @('legacy.lab.example')
    }

    It 'completes -ExpectedHost with the Microsoft 365 host the domain''s MX showed' {
        $script:completions['Test-A35MxRecord -Domain good.lab.example -ExpectedHost '][0] | Should -Match '^good-lab-example\.mail\.protection\.outlook\.com \| A Microsoft 365 host an earlier result showed for good\.lab\.example'
    }

    It 'completes -Server with the DNS server used' {
        $script:completions['Test-A35SmartHost x -Server '] | ForEach-Object { ($_ -split ' \| ')[0] } | Should -Be @((Get-LabDns))
    }

    It 'completes -SmartHost with the smart host checked, quoted, then the Microsoft 365 hosts seen' {
        $values = $script:completions['Test-A35SmartHost '] | ForEach-Object { ($_ -split ' \| ')[0] }
        $values[0] | Should -Be ("'[fault.lab.example]:{0}'" -f (Get-Lab).Fault.good)
        $values | Should -Contain 'good-lab-example.mail.protection.outlook.com'
    }

    It 'completes -SenderIPAddress with the client address Exchange Online reported in the probe' {
        $script:completions['Test-A35InboundConnector -SenderIPAddress '][0] | Should -Match '^127\.0\.0\.1 \| .*Test-SmartHost -Probe'
    }
}
