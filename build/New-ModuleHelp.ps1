<#
.SYNOPSIS
    Builds the module's MAML help (en-US/ATTR35.dll-Help.xml) and about_ topics from docs/en-US.
.DESCRIPTION
    platyPS is not available here, so this does the part of its job the module needs. Each
    cmdlet page in docs/en-US is markdown with the headings ## SYNOPSIS, ## DESCRIPTION,
    ## EXAMPLES (### Example N: title, a fenced code block, then remarks), ## PARAMETERS
    (### -Name, then its description), ## INPUTS, ## OUTPUTS, ## NOTES and ## RELATED LINKS.
    Syntax, types, positions, pipeline input and aliases come from the cmdlet's own metadata,
    so they cannot drift from the code. about_*.md pages become about_*.help.txt.
    Fails when a cmdlet or one of its parameters has no help text.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleDirectory,
    [Parameter(Mandatory = $true)] [string] $DocsDirectory
)
$ErrorActionPreference = 'Stop'

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

function Get-Sections {
    param([string[]] $Lines)
    $sections = [ordered]@{}
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match '^## (.+)$') {
            $current = $Matches[1].Trim().ToUpperInvariant()
            $sections[$current] = New-Object System.Collections.Generic.List[string]
        } elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    return $sections
}

function Split-Subsections {
    param($Lines)
    $items = New-Object System.Collections.Generic.List[object]
    $item = $null
    foreach ($line in $Lines) {
        if ($line -match '^### (.+)$') {
            $item = [pscustomobject]@{ Title = $Matches[1].Trim(); Lines = (New-Object System.Collections.Generic.List[string]) }
            $items.Add($item)
        } elseif ($null -ne $item) {
            $item.Lines.Add($line)
        }
    }
    return $items
}

function Get-Paragraphs {
    param($Lines)
    $paragraphs = New-Object System.Collections.Generic.List[string]
    $buffer = New-Object System.Collections.Generic.List[string]
    foreach ($line in $Lines) {
        if ([string]::IsNullOrWhiteSpace($line)) {
            if ($buffer.Count -gt 0) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
        } else {
            $text = $line.Trim()
            # A list item starts its own line in help output.
            if ($text -match '^[-*] ' -and $buffer.Count -gt 0) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
            $buffer.Add(($text -replace '`', '' -replace '\*\*', ''))
        }
    }
    if ($buffer.Count -gt 0) { $paragraphs.Add(($buffer -join ' ')) }
    return $paragraphs
}

function Add-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, $Lines)
    $Writer.WriteStartElement('maml', 'description', $maml)
    foreach ($p in (Get-Paragraphs $Lines)) { $Writer.WriteElementString('maml', 'para', $maml, $p) }
    $Writer.WriteEndElement()
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

$module = Import-Module (Join-Path $ModuleDirectory 'ATTR35.psd1') -PassThru -Force -DisableNameChecking
try {
    $missing = New-Object System.Collections.Generic.List[string]
    $helpDir = Join-Path $ModuleDirectory 'en-US'
    $null = New-Item -ItemType Directory -Force -Path $helpDir
    $settings = New-Object System.Xml.XmlWriterSettings
    $settings.Indent = $true
    $settings.Encoding = New-Object System.Text.UTF8Encoding($false)
    $writer = [System.Xml.XmlWriter]::Create((Join-Path $helpDir 'ATTR35.dll-Help.xml'), $settings)
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems')
    $writer.WriteAttributeString('schema', 'maml')
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'command', $null, $commandNs)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $devNs)

    foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
        $page = Join-Path $DocsDirectory "$($command.Name).md"
        if (-not (Test-Path $page)) { $missing.Add("$($command.Name): no page $page"); continue }
        $sections = Get-Sections (Get-Content -Path $page)
        foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS') {
            if (-not $sections.Contains($required) -or -not (Get-Paragraphs $sections[$required])) { $missing.Add("$($command.Name): section $required is empty") }
        }
        $parameterDocs = @{}
        if ($sections.Contains('PARAMETERS')) {
            foreach ($item in (Split-Subsections $sections['PARAMETERS'])) { $parameterDocs[$item.Title.TrimStart('-')] = $item.Lines }
        }
        $parameters = @($command.Parameters.Values | Where-Object { $common -notcontains $_.Name })
        foreach ($parameter in $parameters) {
            if (-not $parameterDocs.ContainsKey($parameter.Name) -or -not (Get-Paragraphs $parameterDocs[$parameter.Name])) {
                $missing.Add("$($command.Name): parameter -$($parameter.Name) has no help text")
            }
        }

        $writer.WriteStartElement('command', 'command', $commandNs)
        $writer.WriteStartElement('command', 'details', $commandNs)
        $writer.WriteElementString('command', 'name', $commandNs, $command.Name)
        $writer.WriteElementString('command', 'verb', $commandNs, $command.Verb)
        $writer.WriteElementString('command', 'noun', $commandNs, $command.Noun)
        Add-Paragraphs $writer $sections['SYNOPSIS']
        $writer.WriteEndElement()
        Add-Paragraphs $writer $sections['DESCRIPTION']

        $writer.WriteStartElement('command', 'syntax', $commandNs)
        foreach ($set in $command.ParameterSets) {
            $writer.WriteStartElement('command', 'syntaxItem', $commandNs)
            $writer.WriteElementString('maml', 'name', $maml, $command.Name)
            foreach ($p in ($set.Parameters | Where-Object { $common -notcontains $_.Name } | Sort-Object @{ e = { if ($_.Position -ge 0) { $_.Position } else { 1000 } } }, Name)) {
                $writer.WriteStartElement('command', 'parameter', $commandNs)
                $writer.WriteAttributeString('required', ([string]$p.IsMandatory).ToLowerInvariant())
                $writer.WriteAttributeString('position', $(if ($p.Position -ge 0) { [string]($p.Position + 1) } else { 'named' }))
                $writer.WriteElementString('maml', 'name', $maml, $p.Name)
                if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                    $writer.WriteStartElement('command', 'parameterValue', $commandNs)
                    $writer.WriteAttributeString('required', 'true')
                    $writer.WriteString($p.ParameterType.Name)
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $commandNs)
        foreach ($parameter in ($parameters | Sort-Object Name)) {
            $attributes = @($parameter.ParameterSets.Values)
            $first = $attributes | Select-Object -First 1
            $pipeline = @()
            if ($attributes | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
            if ($attributes | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
            $writer.WriteStartElement('command', 'parameter', $commandNs)
            $writer.WriteAttributeString('required', ([string][bool]($attributes | Where-Object IsMandatory)).ToLowerInvariant())
            $writer.WriteAttributeString('variableLength', 'true')
            $writer.WriteAttributeString('globbing', 'false')
            $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { 'True (' + ($pipeline -join ', ') + ')' } else { 'False' }))
            $writer.WriteAttributeString('position', $(if ($first.Position -ge 0) { [string]($first.Position + 1) } else { 'named' }))
            $writer.WriteAttributeString('aliases', $(if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }))
            $writer.WriteElementString('maml', 'name', $maml, $parameter.Name)
            $doc = if ($parameterDocs.ContainsKey($parameter.Name)) { $parameterDocs[$parameter.Name] } else { @() }
            Add-Paragraphs $writer $doc
            $writer.WriteStartElement('command', 'parameterValue', $commandNs)
            $writer.WriteAttributeString('required', 'true')
            $writer.WriteString($parameter.ParameterType.Name)
            $writer.WriteEndElement()
            $writer.WriteStartElement('dev', 'type', $devNs)
            $writer.WriteElementString('maml', 'name', $maml, $parameter.ParameterType.FullName)
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        foreach ($kind in @(@('INPUTS', 'inputTypes', 'inputType'), @('OUTPUTS', 'returnValues', 'returnValue'))) {
            if (-not $sections.Contains($kind[0])) { continue }
            $writer.WriteStartElement('command', $kind[1], $commandNs)
            foreach ($item in (Split-Subsections $sections[$kind[0]])) {
                $writer.WriteStartElement('command', $kind[2], $commandNs)
                $writer.WriteStartElement('dev', 'type', $devNs)
                $writer.WriteElementString('maml', 'name', $maml, $item.Title)
                $writer.WriteEndElement()
                Add-Paragraphs $writer $item.Lines
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }

        if ($sections.Contains('NOTES')) {
            $writer.WriteStartElement('maml', 'alertSet', $maml)
            $writer.WriteStartElement('maml', 'alert', $maml)
            foreach ($p in (Get-Paragraphs $sections['NOTES'])) { $writer.WriteElementString('maml', 'para', $maml, $p) }
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }

        $writer.WriteStartElement('command', 'examples', $commandNs)
        $examples = @(if ($sections.Contains('EXAMPLES')) { Split-Subsections $sections['EXAMPLES'] })
        if ($examples.Count -lt 3) { $missing.Add("$($command.Name): fewer than three examples") }
        foreach ($example in $examples) {
            $code = New-Object System.Collections.Generic.List[string]
            $remarks = New-Object System.Collections.Generic.List[string]
            $inCode = $false
            $codeDone = $false
            foreach ($line in $example.Lines) {
                if ($line -match '^```') {
                    if ($inCode) { $inCode = $false; $codeDone = $true } elseif (-not $codeDone) { $inCode = $true }
                    continue
                }
                if ($inCode) { $code.Add($line) } elseif ($codeDone) { $remarks.Add($line) }
            }
            $writer.WriteStartElement('command', 'example', $commandNs)
            $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
            $writer.WriteElementString('dev', 'code', $devNs, ($code -join "`n"))
            $writer.WriteStartElement('dev', 'remarks', $devNs)
            foreach ($p in (Get-Paragraphs $remarks)) { $writer.WriteElementString('maml', 'para', $maml, $p) }
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $commandNs)
        if ($sections.Contains('RELATED LINKS')) {
            foreach ($line in $sections['RELATED LINKS']) {
                if ($line -match '^\s*[-*]?\s*\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
                    $writer.WriteStartElement('maml', 'navigationLink', $maml)
                    $writer.WriteElementString('maml', 'linkText', $maml, $Matches.text)
                    $writer.WriteElementString('maml', 'uri', $maml, $Matches.uri)
                    $writer.WriteEndElement()
                }
            }
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    $writer.WriteEndElement()
    $writer.WriteEndDocument()
    $writer.Dispose()

    foreach ($about in (Get-ChildItem -Path $DocsDirectory -Filter 'about_*.md')) {
        $text = (Get-Content -Raw -Path $about.FullName) -replace '(?m)^#+\s*', '' -replace '`', ''
        $target = Join-Path $helpDir ($about.BaseName + '.help.txt')
        [IO.File]::WriteAllText($target, $text, (New-Object System.Text.UTF8Encoding($false)))
    }

    if ($missing.Count -gt 0) {
        throw "Help is incomplete:`n  " + ($missing -join "`n  ")
    }
} finally {
    Remove-Module $module -Force -ErrorAction SilentlyContinue
}
