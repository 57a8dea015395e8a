BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

# Finding Message and Remedy are built when first read (issue 12): every way a result leaves
# PowerShell must still carry the full text, the same whichever reads it first.
Describe 'Finding text read through every output path' -Tag 'Lab' {
    BeforeAll {
        $script:dns = Get-LabDns
        $script:expectedMessage = "The record 'MX 0 mail.messaging.microsoft.com' of legacy.lab.example points at a retired shared Microsoft name, which lands mail in a region that cannot attribute it to the tenant (ATTR35)."
        $script:expectedRemedy = "Replace 'MX 0 mail.messaging.microsoft.com' with 'MX 0 legacy-lab-example.mail.protection.outlook.com'."
        function Get-Legacy { Test-MxRecord legacy.lab.example -ExpectedHost legacy-lab-example.mail.protection.outlook.com -Server $script:dns }
        function Get-LegacyFinding($Findings) { $Findings | Where-Object Code -eq 'MxLegacyHost' }
    }

    It 'reads the same text from the properties, twice' {
        $finding = Get-LegacyFinding (Get-Legacy).Findings
        $finding.Message | Should -BeExactly $script:expectedMessage
        $finding.Remedy | Should -BeExactly $script:expectedRemedy
        $finding.Message | Should -BeExactly $script:expectedMessage
        "$finding" | Should -BeExactly "Fail MxLegacyHost: $script:expectedMessage"
    }

    It 'writes the text with Format-List before any property was read' {
        $text = (Get-Legacy).Findings | Format-List Code, Message, Remedy | Out-String -Width 1000
        $text | Should -Match ([regex]::Escape($script:expectedMessage))
        $text | Should -Match ([regex]::Escape($script:expectedRemedy))
    }

    It 'writes the text with ConvertTo-Json before any property was read' {
        $back = Get-Legacy | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        $finding = Get-LegacyFinding $back.Findings
        $finding.Message | Should -BeExactly $script:expectedMessage
        $finding.Remedy | Should -BeExactly $script:expectedRemedy
    }

    It 'writes the text with Export-Csv before any property was read' {
        $csv = Join-Path $TestDrive 'findings.csv'
        (Get-Legacy).Findings | Export-Csv -Path $csv
        $row = Get-LegacyFinding (Import-Csv -Path $csv)
        $row.Message | Should -BeExactly $script:expectedMessage
        $row.Remedy | Should -BeExactly $script:expectedRemedy
    }

    It 'writes the text with Export-Clixml before any property was read' {
        $xml = Join-Path $TestDrive 'result.xml'
        Get-Legacy | Export-Clixml -Path $xml -Depth 4
        $finding = Get-LegacyFinding (Import-Clixml -Path $xml).Findings
        $finding.Message | Should -BeExactly $script:expectedMessage
        $finding.Remedy | Should -BeExactly $script:expectedRemedy
    }

    It 'names the hint in a remedy when no -ExpectedHost is given' {
        $finding = Get-LegacyFinding (Test-MxRecord legacy.lab.example -Server $script:dns).Findings
        $finding.Remedy | Should -BeExactly "Replace 'MX 0 mail.messaging.microsoft.com' with 'MX 0 <the domain's assigned host, for example legacy-lab-example.mail.protection.outlook.com: see Get-MgDomainServiceConfigurationRecord or the Microsoft 365 admin center>'."
    }

    It 'gives a Pass result its text too' {
        $finding = (Test-MxRecord good.lab.example -Server $script:dns).Findings[0]
        $finding.Code | Should -Be 'MxAssignedHost'
        $finding.Message | Should -BeExactly 'The MX records of good.lab.example point only at the Microsoft 365 host good-lab-example.mail.protection.outlook.com.'
        $finding.Remedy | Should -BeExactly 'None needed. Give -ExpectedHost with the tenant''s assigned host to confirm it is the right one.'
    }
}
