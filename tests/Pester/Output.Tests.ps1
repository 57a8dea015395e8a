BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:connectors = @(
        [pscustomobject]@{ Name = 'From on-premises'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.0/24'); TlsSenderCertificateName = $null }
        [pscustomobject]@{ Name = 'Old relay'; Enabled = $false; ConnectorType = 'OnPremises'; SenderIPAddresses = @('198.51.100.7'); TlsSenderCertificateName = $null }
    )
    $script:pass = $script:connectors | Test-InboundConnector -SenderIPAddress 203.0.113.25
    $script:fail = $script:connectors | Test-InboundConnector -SenderIPAddress 192.0.2.99

    function Invoke-WithRendering {
        # Runs $Script with $PSStyle.OutputRendering set, and restores it.
        param([string] $Rendering, [scriptblock] $Script)
        $saved = $PSStyle.OutputRendering
        try {
            $PSStyle.OutputRendering = $Rendering
            & $Script
        } finally {
            $PSStyle.OutputRendering = $saved
        }
    }
}

Describe 'Views' {
    It 'has a table and a list view for <_>' -ForEach @(
        'ATTR35.MxRecordResult', 'ATTR35.SmartHostResult', 'ATTR35.InboundConnectorResult', 'ATTR35.Finding',
        'ATTR35.MxRecordEntry', 'ATTR35.SmartHostDestination', 'ATTR35.ConnectorEvaluation', 'ATTR35.SmtpProbe', 'ATTR35.CertificateInfo'
    ) {
        $controls = (Get-FormatData -TypeName $_).FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name }
        $controls | Should -Contain 'TableControl'
        $controls | Should -Contain 'ListControl'
    }

    It 'colours the status with $PSStyle when output rendering allows it' {
        $text = Invoke-WithRendering 'Ansi' { $script:pass, $script:fail | Format-Table | Out-String -Width 200 }
        $text | Should -Match ([regex]::Escape($PSStyle.Foreground.Green + 'Pass' + $PSStyle.Reset))
        $text | Should -Match ([regex]::Escape($PSStyle.Foreground.Red + 'Fail' + $PSStyle.Reset))
    }

    It 'colours the severity of each finding in list view' {
        $text = Invoke-WithRendering 'Ansi' { $script:fail | Format-List | Out-String -Width 300 }
        $text | Should -Match ([regex]::Escape($PSStyle.Foreground.Red + 'Fail' + $PSStyle.Reset + ' ConnectorNoMatch: '))
    }

    It 'writes plain text when output rendering is PlainText' {
        $text = Invoke-WithRendering 'PlainText' { $script:fail | Format-Table | Out-String -Width 200; $script:fail | Format-List | Out-String -Width 200 }
        ($text -join '') | Should -Not -Match "`e"
        ($text -join '') | Should -Match '\bFail\b'
    }

    It 'writes plain text to a file, as PowerShell strips colours from redirected output' {
        $file = Join-Path ([IO.Path]::GetTempPath()) ("attr35-view-{0}.txt" -f [guid]::NewGuid().ToString('n'))
        try {
            Invoke-WithRendering 'Host' { $script:fail | Format-List | Out-File $file -Width 200 }
            $text = Get-Content -Raw $file
            $text | Should -Not -Match "`e"
            $text | Should -Match 'Fail ConnectorNoMatch: '
        } finally {
            Remove-Item $file -ErrorAction SilentlyContinue
        }
    }

    It 'keeps the table columns aligned when the status is coloured' {
        $lines = Invoke-WithRendering 'Ansi' { ($script:pass, $script:fail | Format-Table | Out-String -Width 200) -split "`r?`n" }
        $plain = $lines | ForEach-Object { $_ -replace "`e\[[0-9;]*m", '' } | Where-Object { $_ -match '^\S' }
        $header = $plain | Where-Object { $_ -match '^Sender' }
        $column = $header.IndexOf('MatchedConnector')
        ($plain | Where-Object { $_ -match '^203\.0\.113\.25' }).IndexOf('From on-premises') | Should -Be $column
    }

    It 'shows findings as sentences with their remedy in list view' {
        $text = Invoke-WithRendering 'PlainText' { $script:pass | Format-List | Out-String -Width 400 }
        $text | Should -Match "Findings\s+: Information ConnectorMatched: Connector 'From on-premises' attributes mail from 203\.0\.113\.25 .* Remedy: None needed\."
        $text | Should -Match "Connectors\s+: From on-premises \(OnPremises, enabled\): Used: "
        $text | Should -Match "Old relay \(OnPremises, disabled\): "
    }

    It 'shows a finding as a list by default, with its remedy' {
        $text = Invoke-WithRendering 'PlainText' { $script:fail.Findings[0] | Out-String -Width 300 }
        $text | Should -Match '(?m)^Severity : Fail'
        $text | Should -Match '(?m)^Remedy   : \S'
    }
}

Describe 'Views of DNS and SMTP results' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'lists MX records with kind and cloud, and findings as sentences' {
        $result = Test-MxRecord mixed.lab.example -Server $script:dns
        $text = Invoke-WithRendering 'PlainText' { $result | Format-List | Out-String -Width 400 }
        $text | Should -Match 'Records\s+: 0 mixed-lab-example\.mail\.protection\.outlook\.com \(Microsoft365, Worldwide\) 127\.25\.0\.1'
        $text | Should -Match '10 mx1\.gateway\.lab\.example \(Other\) 192\.0\.2\.41'
        $text | Should -Match "Findings\s+: Warning MxMixedProviders: The MX records of mixed\.lab\.example mix .* Remedy: Publish only 'MX 0 mixed-lab-example\.mail\.protection\.outlook\.com'"
    }

    It 'shows MX records as a table by default' {
        $text = (Test-MxRecord mixed.lab.example -Server $script:dns).Records | Out-String -Width 200
        $text | Should -Match 'Pref\s+HostKind\s+Cloud\s+Host'
        $text | Should -Match '10\s+Other\s+None\s+mx1\.gateway\.lab\.example 192\.0\.2\.41'
    }

    It 'lists a smart host with its destinations, what the probe saw, and its findings' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe -Recipient someone@good.lab.example
        $text = Invoke-WithRendering 'PlainText' { $result | Format-List | Out-String -Width 400 }
        $text | Should -Match 'Destinations\s+: 0 good-lab-example\.mail\.protection\.outlook\.com \(MX; Microsoft365, Worldwide\)'
        $text | Should -Match 'Probe\s+: 127\.25\.0\.1:2525 BN8NAM11FT066\.mail\.protection\.outlook\.com \(region NAM\)'
        $text | Should -Match 'TLS Tls1[23] certificate mail\.protection\.outlook\.com \(untrusted chain, name matches\)'
        $text | Should -Match 'RCPT TO: 250 '
        $text | Should -Match 'Warning SmartHostCertificateInvalid: The certificate of good\.lab\.example'
    }
}

Describe 'JSON and CSV' {
    It 'writes enum names, not numbers, with ConvertTo-Json -Depth 6 and without -EnumsAsStrings' {
        $json = $script:pass | ConvertTo-Json -Depth 6
        $json | Should -Match '"Status": "Pass"'
        $json | Should -Match '"MatchedBy": "IPAddress"'
        $json | Should -Match '"ConnectorType": "OnPremises"'
        $json | Should -Match '"Severity": "Information"'
        $json | Should -Not -Match '"(Status|MatchedBy|ConnectorType|Severity)": \d'
    }

    It 'gives the same names with -EnumsAsStrings' {
        $plain = $script:fail | ConvertTo-Json -Depth 6 -Compress
        $plain | Should -BeExactly ($script:fail | ConvertTo-Json -Depth 6 -Compress -EnumsAsStrings)
    }

    It 'keeps the members enum-typed in PowerShell' {
        $script:pass.Status | Should -BeOfType [ATTR35.CheckStatus]
        $script:pass.Findings[0].Severity | Should -BeOfType [ATTR35.Severity]
        $script:pass.MatchedBy | Should -BeOfType [ATTR35.MatchedBy]
        $script:pass.Status -eq 'Pass' | Should -BeTrue
        [int]$script:fail.Status | Should -Be 2
    }

    It 'round-trips through JSON with readable names' {
        $back = $script:fail | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        $back.Status | Should -Be 'Fail'
        $back.Findings[0].Code | Should -Be 'ConnectorNoMatch'
        $back.Findings[0].Severity | Should -Be 'Fail'
        $back.Connectors[1].ConnectorType | Should -Be 'OnPremises'
    }

    It 'writes enum names to CSV and keeps the recipes of about_ATTR35 working' {
        $row = $script:fail | ConvertTo-Csv | ConvertFrom-Csv
        $row.Status | Should -Be 'Fail'
        $row.MatchedBy | Should -Be 'None'
        $flat = $script:fail | Select-Object SenderIPAddress, Status, @{ n = 'Findings'; e = { $_.Findings -join '; ' } } | ConvertTo-Csv | ConvertFrom-Csv
        $flat.Findings | Should -Match '^Fail ConnectorNoMatch: No enabled OnPremises connector matches'
        $rows = @($script:fail | Select-Object SenderIPAddress, Status -ExpandProperty Findings | ConvertTo-Csv | ConvertFrom-Csv)
        $rows.Count | Should -Be $script:fail.Findings.Count
        $rows[0].SenderIPAddress | Should -Be '192.0.2.99'
        $rows[0].Severity | Should -Be 'Fail'
        $rows[0].Remedy | Should -Match 'Set-InboundConnector'
    }
}

Describe 'JSON of DNS and SMTP results' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
    }

    It 'writes HostKind and Cloud of MX records by name' {
        $back = Test-MxRecord gcc.lab.example -Server $script:dns | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        $back.Status | Should -BeIn 'Pass', 'Warning', 'Fail', 'Error'
        $back.Records[0].HostKind | Should -Be 'Microsoft365'
        $back.Records[0].Cloud | Should -Be 'USGovernment'
    }

    It 'writes a probed smart host completely and compactly at -Depth 6' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe
        $json = $result | ConvertTo-Json -Depth 6 -WarningVariable truncated -WarningAction SilentlyContinue
        $truncated | Should -BeNullOrEmpty -Because 'no member is deeper than -Depth 6 reaches'
        $json.Length | Should -BeLessThan 20000 -Because 'no member is recursive or huge (certificates are summarised, not X509 objects)'
        $back = $json | ConvertFrom-Json
        $back.HostKind | Should -Be 'Other'
        $back.Destinations[0].Cloud | Should -Be 'Worldwide'
        $back.Probe.Certificate.DnsNames | Should -Contain '*.mail.protection.outlook.com'
        $back.Probe.Transcript[0] | Should -Match '^S: 220 '
    }
}
