BeforeDiscovery {
    # The finding codes the module can write, for one test each.
    Import-Module $env:ATTR35_MODULE -Force
    # FindingCodes is internal (not a type users see): reached through the module's assembly.
    $codeType = (Get-Module ATTR35).ImplementingAssembly.GetType('ATTR35.Microsoft365.FindingCodes', $true)
    $codes = @($codeType.GetFields([System.Reflection.BindingFlags]'Public, Static') |
            Where-Object IsLiteral | ForEach-Object { [string]$_.GetRawConstantValue() })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:moduleDirectory = Split-Path -Parent $env:ATTR35_MODULE

    # What a new user sees: a fresh shell that finds ATTR35 on PSModulePath and loads it on first use.
    $script:helpScript = @'
$env:PSModulePath = '__MODULE_ROOT__' + [IO.Path]::PathSeparator + $env:PSModulePath
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$commands = foreach ($name in 'Test-MxRecord', 'Test-SmartHost', 'Test-InboundConnector', 'Test-Attr35', 'Get-Attr35Event') {
    $help = Get-Help $name -Full
    $command = Get-Command $name
    [pscustomobject]@{
        Name = $name
        Module = $command.Source
        ModuleBase = $command.Module.ModuleBase
        Synopsis = [string]$help.Synopsis
        Description = ($help.description.Text -join ' ')
        Parameters = @($command.Parameters.Values | Where-Object { $common -notcontains $_.Name } | ForEach-Object {
            $p = $_.Name
            [pscustomobject]@{ Name = $p; Text = (($help.parameters.parameter | Where-Object Name -eq $p).description.Text -join ' ') }
        })
        Examples = @($help.examples.example | ForEach-Object { [pscustomobject]@{ Code = [string]$_.code; Remarks = ($_.remarks.Text -join ' ') } })
        Outputs = @($help.returnValues.returnValue | ForEach-Object { [pscustomobject]@{ Type = [string]$_.type.name; Text = ($_.description.Text -join ' ') } })
        Links = @($help.relatedLinks.navigationLink | ForEach-Object { [string]$_.linkText })
        Full = ($help | Out-String -Width 120)
    }
}
[pscustomobject]@{ Commands = @($commands); About = (Get-Help about_ATTR35 | Out-String) } | ConvertTo-Json -Depth 6 -Compress
'@
    # out/, which holds ATTR35/<version>/.
    $moduleRoot = Split-Path -Parent (Split-Path -Parent $script:moduleDirectory)
    $script:helpScript = $script:helpScript.Replace('__MODULE_ROOT__', $moduleRoot.Replace("'", "''"))
    $script:help = (Invoke-FreshPwsh -Script $script:helpScript) -join "`n" | ConvertFrom-Json
}

Describe 'Help in a fresh shell' {
    It 'describes Get-Attr35Event: every parameter, an example for every input kind, its output' {
        $command = $script:help.Commands | Where-Object Name -eq 'Get-Attr35Event'
        $command.Module | Should -Be 'ATTR35'
        $command.Synopsis | Should -Not -Match '^\s*Get-Attr35Event\s'
        $command.Description | Should -Match 'ATTR35'
        foreach ($parameter in $command.Parameters) {
            $parameter.Text | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of Get-Attr35Event needs help text"
        }
        $code = $command.Examples.Code -join "`n"
        foreach ($kind in '-Path ', '\.gz', '\.eml', "'451 4\.4\.62", 'Get-Queue', 'Get-Message\b', 'Get-MessageTrackingLog', 'Get-MessageTraceDetailV2', 'Import-Csv', 'ConvertFrom-Json', 'Get-ChildItem') {
            $code | Should -Match $kind
        }
        $command.Examples | ForEach-Object { $_.Remarks | Should -Not -BeNullOrEmpty }
        $command.Outputs.Type | Should -Contain 'ATTR35.Attr35Event'
        $command.Links | Should -Contain 'about_ATTR35'
    }

    It 'loads ATTR35 by name from PSModulePath to answer Get-Help <Name>' -ForEach @(
        @{ Name = 'Test-MxRecord' }, @{ Name = 'Test-SmartHost' }, @{ Name = 'Test-InboundConnector' }, @{ Name = 'Test-Attr35' }
    ) {
        $command = $script:help.Commands | Where-Object Name -eq $Name
        $command.Module | Should -Be 'ATTR35'
        $command.ModuleBase | Should -Be $script:moduleDirectory
    }

    Context '<Name>' -ForEach @(
        @{ Name = 'Test-MxRecord'; Output = 'ATTR35.MxRecordResult' }, @{ Name = 'Test-SmartHost'; Output = 'ATTR35.SmartHostResult' }
        @{ Name = 'Test-InboundConnector'; Output = 'ATTR35.InboundConnectorResult' }, @{ Name = 'Test-Attr35'; Output = 'ATTR35.Attr35Diagnosis' }
    ) {
        BeforeAll {
            $script:command = $script:help.Commands | Where-Object Name -eq $Name
        }

        It 'has a written synopsis and description, not the generated syntax' {
            $script:command.Synopsis | Should -Not -BeNullOrEmpty
            $script:command.Synopsis | Should -Not -Match "^\s*$Name\s"
            $script:command.Description.Length | Should -BeGreaterThan 200
            $script:command.Description | Should -Match 'ATTR35'
        }

        It 'describes every parameter' {
            $script:command.Parameters.Count | Should -BeGreaterThan 3
            foreach ($parameter in $script:command.Parameters) {
                $parameter.Text | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of $Name needs help text"
            }
        }

        It 'has at least three examples with code and remarks, with Exchange Online or Graph objects' {
            $script:command.Examples.Count | Should -BeGreaterOrEqual 3
            foreach ($example in $script:command.Examples) {
                $example.Code | Should -Match $Name
                $example.Remarks | Should -Not -BeNullOrEmpty
            }
            ($script:command.Examples.Code -join "`n") | Should -Match 'Get-(AcceptedDomain|SendConnector|InboundConnector|Mg\w+)\b'
        }

        It 'names its outputs and related links' {
            $script:command.Outputs.Type | Should -Contain $Output
            $script:command.Outputs.Type | Should -Contain 'System.Boolean'
            $script:command.Outputs | ForEach-Object { $_.Text | Should -Not -BeNullOrEmpty }
            $script:command.Links | Should -Contain 'about_ATTR35'
            ($script:command.Links | Where-Object { $_ -ne 'about_ATTR35' }).Count | Should -BeGreaterOrEqual 2
        }

        It 'shows the default values of -TimeoutSeconds and -ThrottleLimit' {
            $script:command.Full | Should -Match '-TimeoutSeconds <Int32>[\s\S]+?Default value\s+5\b'
            $script:command.Full | Should -Match '-ThrottleLimit <Int32>[\s\S]+?Default value\s+32\b'
        }
    }

    Context 'about_ATTR35' {
        It 'explains ATTR35 and maps the three checks to the cmdlets' {
            $about = $script:help.About
            $about | Should -Match '451 4\.4\.62'
            $about | Should -Match 'THE THREE CHECKS'
            foreach ($name in 'Test-MxRecord', 'Test-SmartHost', 'Test-InboundConnector') {
                $about | Should -Match "(?m)^\s+$name\s*\r?\n\s+Microsoft's check: \S"
            }
        }

        It 'lists <_> with its severity, meaning and remedy' -ForEach $codes {
            $script:help.About | Should -Match "(?m)^    $_\r?\n        Severity: (Information|Warning|Fail|Error)\r?\n        Meaning:  \S[\s\S]*?\n        Remedy:   \S"
        }

        It 'reads as plain text of at most 80 columns, without markdown' {
            $lines = $script:help.About -split "`r?`n"
            $lines | Where-Object { $_.Length -gt 80 -and $_.Trim().Contains(' ') } | Should -BeNullOrEmpty
            $script:help.About | Should -Not -Match '(?m)^#|`|\*\*|\|---'
        }
    }
}

Describe 'The build refuses incomplete help' {
    BeforeAll {
        # A copy of the built module and of the help sources, for the generator to fail on.
        function Invoke-HelpBuild {
            param([scriptblock] $Damage)
            $work = Join-Path ([IO.Path]::GetTempPath()) ("attr35-help-" + [guid]::NewGuid().ToString('n'))
            $module = Join-Path $work 'module'
            $docs = Join-Path $work 'docs'
            try {
                $null = New-Item -ItemType Directory -Path $module, $docs
                Copy-Item -Path (Join-Path $script:moduleDirectory '*') -Destination $module -Recurse
                Copy-Item -Path (Join-Path $env:ATTR35_REPO 'docs/en-US/*') -Destination $docs
                & $Damage $docs
                $generator = Join-Path $env:ATTR35_REPO 'build/New-ModuleHelp.ps1'
                $script = "try { & '$generator' -ModuleDirectory '$module' -DocsDirectory '$docs'; 'BUILT' } catch { 'REFUSED: ' + `$_.Exception.Message }"
                return (Invoke-FreshPwsh -Script $script) -join "`n"
            } finally {
                Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
            }
        }
    }

    It 'builds the help as it is' {
        Invoke-HelpBuild { param($docs) } | Should -Match 'BUILT'
    }

    It 'refuses a parameter without help text' {
        $output = Invoke-HelpBuild {
            param($docs)
            $page = Join-Path $docs 'Test-MxRecord.md'
            (Get-Content -Raw $page) -replace '(?s)### -Authoritative\r?\n.*?(?=\r?\n### )', '' | Set-Content $page
        }
        $output | Should -Match 'REFUSED'
        $output | Should -Match 'Test-MxRecord: parameter -Authoritative has no help text'
    }

    It 'refuses a cmdlet with fewer than three examples' {
        $output = Invoke-HelpBuild {
            param($docs)
            $page = Join-Path $docs 'Test-SmartHost.md'
            (Get-Content -Raw $page) -replace '(?s)### Example [2-9].*?(?=## PARAMETERS)', '' | Set-Content $page
        }
        $output | Should -Match 'Test-SmartHost: fewer than three examples'
    }

    It 'refuses a finding code without a row, and a row without a remedy' {
        $output = Invoke-HelpBuild {
            param($docs)
            $page = Join-Path $docs 'about_ATTR35.md'
            $text = Get-Content -Raw $page
            $text = $text -replace '(?m)^\| MxNullMx \|.*\r?\n', ''
            $text = $text -replace '(?m)^(\| ConnectorMatched \| Information \| [^|]+\|)[^|]+\|', '$1 |'
            $text | Set-Content $page
        }
        $output | Should -Match 'about_ATTR35: finding code MxNullMx has no row'
        $output | Should -Match 'about_ATTR35: finding code ConnectorMatched has no remedy'
    }

    It 'refuses a row for a code the module does not have' {
        $output = Invoke-HelpBuild {
            param($docs)
            $page = Join-Path $docs 'about_ATTR35.md'
            (Get-Content -Raw $page) -replace '(?m)^(\| MxNullMx \|)', "| MxNoSuchCode | Fail | A code that does not exist. | None. |`n`$1" | Set-Content $page
        }
        $output | Should -Match 'about_ATTR35: MxNoSuchCode is not a finding code of the module'
    }
}
