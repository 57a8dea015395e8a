# Every table view of src/ATTR35.format.ps1xml, rendered as an admin's console would show it, at
# 80 and at 120 columns (the rule is written at the top of that file). Views are read from the
# format file itself, so a view added later is checked without touching this file: with a real
# result where one is made here, otherwise with an object of its type name whose members are long.
BeforeDiscovery {
    $formatPath = Join-Path (Split-Path -Parent $env:ATTR35_MODULE) 'ATTR35.format.ps1xml'
    [xml]$format = Get-Content -Raw $formatPath
    $script:tableViews = foreach ($view in $format.Configuration.ViewDefinitions.View) {
        if (-not $view.TableControl) { continue }
        $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
        $items = @($view.TableControl.TableRowEntries.TableRowEntry | Select-Object -First 1).TableColumnItems.TableColumnItem
        @{
            Name     = [string]$view.Name
            TypeName = [string]$view.ViewSelectedBy.TypeName
            Columns  = @(for ($i = 0; $i -lt $headers.Count; $i++) {
                    [pscustomobject]@{
                        Label    = [string]$headers[$i].Label
                        Width    = $(if ($headers[$i].Width) { [int]$headers[$i].Width } else { 0 })
                        Property = $(if ($items[$i].PropertyName) { [string]$items[$i].PropertyName } else { $null })
                    }
                })
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:dns = Get-LabDns
    # FindingCodes is internal: read it from the module's assembly, as the help build does.
    $codesType = (Get-Module ATTR35).ImplementingAssembly.GetType('ATTR35.Microsoft365.FindingCodes', $true)
    $script:allCodes = $codesType.GetFields([Reflection.BindingFlags]'Public,NonPublic,Static') | ForEach-Object { [string]$_.GetValue($null) }

    # Real results from the lab: two domains, a probed smart host, a connector-piped smart host,
    # an inbound connector evaluation, and what they hold.
    $mx = @('good.lab.example', 'legacy.lab.example', 'transition.lab.example', 'woodgrove.lab.example' | Test-MxRecord -Server $script:dns)
    $probed = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe
    $viaConnector = [pscustomobject]@{ Name = 'Outbound to Office 365 (hybrid)'; SmartHosts = @('eur.lab.example'); AddressSpaces = @('SMTP:*;1'); Port = 2525 } |
        Test-SmartHost -Server $script:dns -DomainName good.lab.example
    $inbound = @(
        [pscustomobject]@{ Name = 'From on-premises relay'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.25') },
        [pscustomobject]@{ Name = 'Partner fabrikam'; Enabled = $true; ConnectorType = 'Partner'; SenderIPAddresses = @('203.0.113.0/24') }
    ) | Test-InboundConnector -SenderIPAddress 203.0.113.25
    $script:samples = @{
        'ATTR35.MxRecordResult'         = $mx
        'ATTR35.SmartHostResult'        = @($probed, $viaConnector)
        'ATTR35.InboundConnectorResult' = @($inbound)
        'ATTR35.Finding'                = @($mx.Findings + $probed.Findings + $inbound.Findings)
        'ATTR35.MxRecordEntry'          = @($mx.Records)
        'ATTR35.SmartHostDestination'   = @($probed.Destinations + $viaConnector.Destinations)
        'ATTR35.SmtpProbe'              = @($probed.Probe)
        'ATTR35.CertificateInfo'        = @($probed.Probe.Certificate)
        'ATTR35.ConnectorEvaluation'    = @($inbound.Connectors)
    }

    function Get-Sample {
        param($View)
        if ($script:samples.ContainsKey($View.TypeName)) { return $script:samples[$View.TypeName] }
        # A view added later: an object of its type name, each member it shows 60 characters long.
        $members = [ordered]@{ PSTypeName = $View.TypeName }
        foreach ($column in $View.Columns) { if ($column.Property) { $members[$column.Property] = 'x' * 60 } }
        [pscustomobject]$members
    }

    function Show-View {
        param($View, $Sample, [int] $Width)
        $text = $Sample | Format-Table -View $View.Name | Out-String -Width $Width
        @($text -split "`r?`n" | Where-Object { $_.Trim() -ne '' })
    }
}

Describe 'Table view <Name>' -ForEach $script:tableViews -Tag 'Lab' {
    It 'fits 80 columns by its widths, with every header whole and only the last column unsized' {
        $sized = @($Columns | Select-Object -SkipLast 1)
        $last = $Columns[-1]
        foreach ($column in $sized) {
            $column.Width | Should -BeGreaterThan 0 -Because "only the last column may take the rest of the console ($($column.Label) has no width)"
            $column.Width | Should -BeGreaterOrEqual $column.Label.Length -Because "the header '$($column.Label)' must not wrap"
        }
        $last.Width | Should -Be 0 -Because 'the last column takes what the console has left, so wider consoles show more'
        # An enum shown whole: the column is as wide as its longest name.
        $type = (Get-Module ATTR35).ImplementingAssembly.GetType($TypeName, $false)
        foreach ($column in $sized | Where-Object Property) {
            $propertyType = if ($type) { $type.GetProperty($column.Property).PropertyType } else { $null }
            if ($propertyType -and [Nullable]::GetUnderlyingType($propertyType)) { $propertyType = [Nullable]::GetUnderlyingType($propertyType) }
            if ($propertyType -and $propertyType.IsEnum) {
                $longest = ([enum]::GetNames($propertyType) | Measure-Object -Property Length -Maximum).Maximum
                $column.Width | Should -BeGreaterOrEqual $longest -Because "$($column.Label) shows a $($propertyType.Name), whose longest name has $longest characters"
            }
        }
        $used = ($sized | Measure-Object -Property Width -Sum).Sum + $sized.Count
        ($used + $last.Label.Length) | Should -BeLessOrEqual 80 -Because "at 80 columns '$($last.Label)' needs room for its header"
    }

    It 'renders at 80 and 120 columns with one header line, whole labels, no line too long' {
        $sample = Get-Sample $_
        foreach ($width in 80, 120) {
            $lines = Show-View $_ $sample $width
            $labels = $Columns.Label
            $lines[0] | Should -Match ('^' + (($labels | ForEach-Object { [regex]::Escape($_) }) -join '\s+') + '\s*$') -Because "at $width columns the header is one line: $($lines[0])"
            $lines[1] | Should -Match ('^' + (($labels | ForEach-Object { '-' * $_.Length }) -join '\s+') + '\s*$') -Because "at $width columns no header wraps onto a second line: $($lines[1])"
            foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $width }
        }
    }

    It 'shows the worst finding by its code, whole, and more of its last column when the console is wider' {
        $sample = Get-Sample $_
        $finding = @($Columns | Where-Object Label -in 'Finding', 'Code')
        $narrow = Show-View $_ $sample 80
        $wide = Show-View $_ $sample 120
        if ($finding -and $script:samples.ContainsKey($TypeName)) {
            $finding[0].Width | Should -BeGreaterOrEqual (($script:allCodes | Where-Object { $_ -in @($sample.Findings.Code) + @($sample.Code) } | Measure-Object -Property Length -Maximum).Maximum)
            foreach ($item in @($sample)) {
                $code = if ($item.PSObject.Properties['Findings']) { @($item.Findings)[0].Code } else { $item.Code }
                ($narrow -join "`n") | Should -Match "(?m)\b$([regex]::Escape($code))\b" -Because 'the code is shown whole at 80 columns'
            }
        }
        if (($narrow -join "`n") -match '…') {
            ($wide | Measure-Object -Property Length -Maximum).Maximum | Should -BeGreaterThan (($narrow | Measure-Object -Property Length -Maximum).Maximum) -Because 'a wider console shows more of the cut text'
        }
    }
}

Describe 'The result tables as the issue tried them' -Tag 'Lab' {
    It 'shows two domains at 80 columns with the Finding header on one line and each code whole' {
        $results = @('good.lab.example', 'legacy.lab.example' | Test-MxRecord -Server $script:dns)
        $text = $results | Out-String -Width 80
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^DomainName\s+Status\s+Finding\s+MX\s*$'
        $lines[2] | Should -Match '^good\.lab\.example\s+Pass\s+MxAssignedHost\s+0 good-lab-example'
        $lines[3] | Should -Match '^legacy\.lab\.example\s+Fail\s+MxLegacyHost\s+0 mail\.messaging\.m'
        ($results | Out-String -Width 120) | Should -Match 'good-lab-example\.mail\.protection\.outlook\.com'
    }

    It 'shows Test-SmartHost -Probe at 100 columns without a wrapped header or an empty Connector column' {
        $result = Test-SmartHost good.lab.example -Port 2525 -Server $script:dns -DomainName good.lab.example -Probe
        $lines = @(($result | Out-String -Width 100) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^SmartHost\s+Status\s+Finding\s+Destinations\s*$'
        $lines[0] | Should -Not -Match 'Connector'
        $lines[2] | Should -Match "^good\.lab\.example\s+\S+\s+$([regex]::Escape($result.Findings[0].Code))\s+good-lab-example"
    }
}
