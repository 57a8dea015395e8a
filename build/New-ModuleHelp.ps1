<#
.SYNOPSIS
    Builds the module's MAML help (en-US/ATTR35.dll-Help.xml) and about_ topics from docs/en-US.
.DESCRIPTION
    platyPS is not available here, so this does the part of its job the module needs. Each
    cmdlet page in docs/en-US is markdown with the headings ## SYNOPSIS, ## DESCRIPTION,
    ## EXAMPLES (### Example N: title, a fenced code block, then remarks), ## PARAMETERS
    (### -Name, then its description), ## INPUTS, ## OUTPUTS, ## NOTES and ## RELATED LINKS.
    Syntax, types, positions, pipeline input and aliases come from the cmdlet's own metadata,
    so they cannot drift from the code; so do default values, read from a new instance of the
    cmdlet class. about_*.md pages become about_*.help.txt, laid out as plain text of at most 80
    columns (headings, wrapped paragraphs, indented code, tables as aligned columns or as one
    block per row).
    Fails when a cmdlet has no synopsis, description, outputs or related links, fewer than three
    examples with code, or a parameter without help text; and when a finding code of
    ATTR35.Microsoft365.FindingCodes has no row with severity, meaning and remedy in the
    FINDING CODES tables of about_ATTR35.md (or a row names a code that does not exist).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleDirectory,
    [Parameter(Mandatory = $true)] [string] $DocsDirectory
)
$ErrorActionPreference = 'Stop'

$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$aboutWidth = 80

function ConvertFrom-Inline {
    # Markdown inline syntax to plain text: code spans and emphasis lose their marks; a web link
    # keeps its address, a link to another help page keeps its text.
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[(?<text>[^\]]+)\]\((?<uri>https?://[^)]+)\)', '${text} (${uri})')
    $Text = [regex]::Replace($Text, '\[(?<text>[^\]]+)\]\([^)]*\)', '${text}')
    return ($Text -replace '`', '' -replace '\*\*', '')
}

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
            $buffer.Add((ConvertFrom-Inline $text))
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

function Split-TableRow {
    param([string] $Line)
    $cells = $Line.Trim().Trim('|') -split '\|'
    return @($cells | ForEach-Object { $_.Trim() })
}

function Read-MarkdownTable {
    # Consecutive '|' lines: a header row, a separator row, then the rows.
    param([string[]] $Lines)
    $header = Split-TableRow $Lines[0]
    $rows = New-Object System.Collections.Generic.List[object]
    foreach ($line in ($Lines | Select-Object -Skip 2)) { $rows.Add((Split-TableRow $line)) }
    return [pscustomobject]@{ Header = $header; Rows = $rows }
}

function Format-Wrapped {
    # Word-wraps $Text to $Width columns: the first line after $FirstPrefix, the rest after $RestPrefix.
    param([string] $Text, [string] $FirstPrefix, [string] $RestPrefix, [int] $Width = $aboutWidth)
    $lines = New-Object System.Collections.Generic.List[string]
    $line = $FirstPrefix
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line)
            $line = $RestPrefix + $word
        } elseif ($empty) {
            $line += $word
        } else {
            $line += ' ' + $word
        }
        $empty = $false
    }
    $lines.Add($line)
    return $lines
}

function Format-AboutTable {
    param($Table, [string] $Indent)
    $header = @($Table.Header | ForEach-Object { ConvertFrom-Inline $_ })
    $rows = @($Table.Rows | ForEach-Object { , @($_ | ForEach-Object { ConvertFrom-Inline $_ }) })
    $widths = @(for ($i = 0; $i -lt $header.Count; $i++) {
        ($rows | ForEach-Object { $_[$i].Length }) + $header[$i].Length | Measure-Object -Maximum | ForEach-Object Maximum
    })
    $out = New-Object System.Collections.Generic.List[string]
    $total = $Indent.Length + ($widths | Measure-Object -Sum).Sum + 2 * ($widths.Count - 1)
    if ($total -le $aboutWidth) {
        # Fits: aligned columns, as Format-Table would show them.
        foreach ($cells in @(, $header) + @(, @($widths | ForEach-Object { '-' * $_ })) + $rows) {
            $parts = for ($i = 0; $i -lt $widths.Count; $i++) { ([string]$cells[$i]).PadRight($widths[$i]) }
            $out.Add(($Indent + ($parts -join '  ')).TrimEnd())
        }
        return $out
    }
    # Too wide for 80 columns: one block per row, the first cell as its title, the others labelled.
    $labelWidth = ($header | Select-Object -Skip 1 | ForEach-Object { $_.Length } | Measure-Object -Maximum).Maximum + 2
    $first = $true
    foreach ($cells in $rows) {
        if (-not $first) { $out.Add('') }
        $first = $false
        $out.Add($Indent + $cells[0])
        for ($i = 1; $i -lt $header.Count; $i++) {
            $label = ($header[$i] + ':').PadRight($labelWidth)
            foreach ($l in (Format-Wrapped $cells[$i] ($Indent + '    ' + $label) ($Indent + '    ' + (' ' * $labelWidth)))) { $out.Add($l) }
        }
    }
    return $out
}

function ConvertTo-AboutText {
    # An about_ markdown page as the plain text Get-Help shows: headings at the margin in upper
    # case, text indented four columns and wrapped at 80, code indented eight.
    param([string[]] $Lines)
    $out = New-Object System.Collections.Generic.List[string]
    $indent = '    '
    $i = 0
    while ($i -lt $Lines.Count) {
        $line = $Lines[$i]
        if ([string]::IsNullOrWhiteSpace($line)) { $i++; continue }
        if ($out.Count -gt 0) { $out.Add('') }
        if ($line -match '^# (.+)$') {
            $out.Add('TOPIC'); $out.Add($indent + $Matches[1].Trim()); $i++; continue
        }
        if ($line -match '^## (.+)$') {
            $out.Add($Matches[1].Trim().ToUpperInvariant()); $i++; continue
        }
        if ($line -match '^### (.+)$') {
            $title = ConvertFrom-Inline $Matches[1].Trim()
            $out.Add($indent + $title); $out.Add($indent + ('-' * $title.Length)); $i++; continue
        }
        if ($line -match '^```') {
            $i++
            while ($i -lt $Lines.Count -and $Lines[$i] -notmatch '^```') { $out.Add(($indent * 2 + $Lines[$i]).TrimEnd()); $i++ }
            $i++; continue
        }
        if ($line -match '^    ') {
            # An indented code block runs to the first line that is neither blank nor indented.
            $block = New-Object System.Collections.Generic.List[string]
            while ($i -lt $Lines.Count -and ($Lines[$i] -match '^    ' -or ([string]::IsNullOrWhiteSpace($Lines[$i]) -and $i + 1 -lt $Lines.Count -and $Lines[$i + 1] -match '^    '))) {
                $block.Add(($indent + $Lines[$i]).TrimEnd()); $i++
            }
            foreach ($l in $block) { $out.Add($l) }
            continue
        }
        if ($line -match '^\|') {
            $tableLines = New-Object System.Collections.Generic.List[string]
            while ($i -lt $Lines.Count -and $Lines[$i] -match '^\|') { $tableLines.Add($Lines[$i]); $i++ }
            foreach ($l in (Format-AboutTable (Read-MarkdownTable $tableLines) $indent)) { $out.Add($l) }
            continue
        }
        if ($line -match '^[-*] ') {
            $firstItem = $true
            while ($i -lt $Lines.Count -and $Lines[$i] -match '^[-*] ') {
                $item = $Lines[$i].Substring(2).Trim(); $i++
                while ($i -lt $Lines.Count -and $Lines[$i] -match '^  \S') { $item += ' ' + $Lines[$i].Trim(); $i++ }
                if (-not $firstItem) { }
                $firstItem = $false
                foreach ($l in (Format-Wrapped (ConvertFrom-Inline $item) ($indent + '- ') ($indent + '  '))) { $out.Add($l) }
            }
            continue
        }
        $paragraph = New-Object System.Collections.Generic.List[string]
        while ($i -lt $Lines.Count -and -not [string]::IsNullOrWhiteSpace($Lines[$i]) -and $Lines[$i] -notmatch '^(#|```|\||[-*] |    )') {
            $paragraph.Add($Lines[$i].Trim()); $i++
        }
        foreach ($l in (Format-Wrapped (ConvertFrom-Inline ($paragraph -join ' ')) $indent $indent)) { $out.Add($l) }
    }
    return (($out -join "`n") + "`n")
}

function Test-FindingCodeTable {
    # Every finding code the module can write has a row in about_ATTR35's FINDING CODES tables
    # with its severity, meaning and remedy; every row names a real code.
    param([string[]] $Lines, [string[]] $Codes, [string[]] $Severities, $Missing)
    $sections = Get-Sections $Lines
    if (-not $sections.Contains('FINDING CODES')) { $Missing.Add('about_ATTR35: no FINDING CODES section'); return }
    $rows = @{}
    $tableLines = New-Object System.Collections.Generic.List[string]
    foreach ($line in @($sections['FINDING CODES']) + '') {
        if ($line -match '^\|') { $tableLines.Add($line); continue }
        if ($tableLines.Count -gt 0) {
            $table = Read-MarkdownTable $tableLines
            $tableLines.Clear()
            if ($table.Header[0] -ne 'Code') { continue }
            $columns = @{}
            for ($c = 0; $c -lt $table.Header.Count; $c++) { $columns[$table.Header[$c]] = $c }
            foreach ($name in 'Severity', 'Meaning', 'Remedy') {
                if (-not $columns.ContainsKey($name)) { $Missing.Add("about_ATTR35: a finding code table has no $name column") }
            }
            foreach ($row in $table.Rows) {
                $code = $row[0]
                if ($rows.ContainsKey($code)) { $Missing.Add("about_ATTR35: finding code $code is listed twice") }
                $rows[$code] = $row
                if ($Codes -notcontains $code) { $Missing.Add("about_ATTR35: $code is not a finding code of the module") }
                if ($columns.ContainsKey('Severity') -and $Severities -notcontains $row[$columns['Severity']]) { $Missing.Add("about_ATTR35: finding code $code has no valid severity") }
                foreach ($name in 'Meaning', 'Remedy') {
                    if ($columns.ContainsKey($name) -and [string]::IsNullOrWhiteSpace($row[$columns[$name]])) { $Missing.Add("about_ATTR35: finding code $code has no $($name.ToLowerInvariant())") }
                }
            }
        }
    }
    foreach ($code in $Codes) {
        if (-not $rows.ContainsKey($code)) { $Missing.Add("about_ATTR35: finding code $code has no row in the FINDING CODES tables") }
    }
}

function Get-DefaultValue {
    # The value a parameter has when it is not given, read from a fresh instance of the cmdlet.
    param($Instance, [string] $Name)
    if ($null -eq $Instance) { return $null }
    $value = $Instance.$Name
    if ($null -eq $value -or $value -is [System.Management.Automation.SwitchParameter] -or ($value -is [string] -and $value -eq '')) { return $null }
    if ($value -is [array]) { if ($value.Count -eq 0) { return $null } else { return ($value -join ', ') } }
    return [string]$value
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
        foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'RELATED LINKS') {
            if (-not $sections.Contains($required) -or -not (Get-Paragraphs $sections[$required])) { $missing.Add("$($command.Name): section $required is empty") }
        }
        foreach ($kind in 'INPUTS', 'OUTPUTS') {
            if ($sections.Contains($kind)) {
                $typed = @(Split-Subsections $sections[$kind])
                if ($typed.Count -eq 0) { $missing.Add("$($command.Name): $kind names no type (### type, then what it is)") }
                foreach ($item in $typed) { if (-not (Get-Paragraphs $item.Lines)) { $missing.Add("$($command.Name): $kind $($item.Title) has no text") } }
            }
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
        foreach ($documented in $parameterDocs.Keys) {
            if (-not $command.Parameters.ContainsKey($documented)) { $missing.Add("$($command.Name): help documents -$documented, which the cmdlet does not have") }
        }
        $instance = $null
        try { $instance = New-Object $command.ImplementingType } catch { $instance = $null }

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
            $default = Get-DefaultValue $instance $parameter.Name
            if ($null -ne $default) { $writer.WriteElementString('dev', 'defaultValue', $devNs, $default) }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        if ($instance -is [System.IDisposable]) { $instance.Dispose() }

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
            if ($code.Count -eq 0) { $missing.Add("$($command.Name): $($example.Title) has no code") }
            if (-not (Get-Paragraphs $remarks)) { $missing.Add("$($command.Name): $($example.Title) does not say what it does") }
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
            $links = 0
            foreach ($line in $sections['RELATED LINKS']) {
                if ($line -match '^\s*[-*]?\s*\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
                    $links++
                    # Only a web address is a URI for Get-Help -Online; a page of this module's
                    # help (about_ATTR35.md) is named by its title alone, as platyPS does.
                    $text = $Matches.text
                    $uri = if ($Matches.uri.StartsWith('http://') -or $Matches.uri.StartsWith('https://')) { $Matches.uri } else { '' }
                    $writer.WriteStartElement('maml', 'navigationLink', $maml)
                    $writer.WriteElementString('maml', 'linkText', $maml, $text)
                    $writer.WriteElementString('maml', 'uri', $maml, $uri)
                    $writer.WriteEndElement()
                }
            }
            if ($links -eq 0) { $missing.Add("$($command.Name): RELATED LINKS has no [text](link) line") }
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }

    $writer.WriteEndElement()
    $writer.WriteEndDocument()
    $writer.Dispose()

    $aboutPage = Join-Path $DocsDirectory 'about_ATTR35.md'
    if (-not (Test-Path $aboutPage)) {
        $missing.Add("about_ATTR35: no page $aboutPage")
    } else {
        $codeType = $module.ImplementingAssembly.GetType('ATTR35.Microsoft365.FindingCodes', $true)
        $codes = @($codeType.GetFields([System.Reflection.BindingFlags]'Public, Static') | Where-Object IsLiteral | ForEach-Object { [string]$_.GetRawConstantValue() })
        $severities = [enum]::GetNames($module.ImplementingAssembly.GetType('ATTR35.Severity', $true))
        Test-FindingCodeTable -Lines (Get-Content -Path $aboutPage) -Codes $codes -Severities $severities -Missing $missing
    }

    foreach ($about in (Get-ChildItem -Path $DocsDirectory -Filter 'about_*.md')) {
        $text = ConvertTo-AboutText (Get-Content -Path $about.FullName)
        # A single word (a web address) cannot be wrapped; anything else must fit.
        foreach ($long in (($text -split "`n") | Where-Object { $_.Length -gt $aboutWidth -and $_.Trim().Contains(' ') })) {
            $missing.Add("$($about.BaseName): a line is wider than $aboutWidth columns: $long")
        }
        $target = Join-Path $helpDir ($about.BaseName + '.help.txt')
        [IO.File]::WriteAllText($target, $text, (New-Object System.Text.UTF8Encoding($false)))
    }

    if ($missing.Count -gt 0) {
        throw "Help is incomplete:`n  " + ($missing -join "`n  ")
    }
} finally {
    Remove-Module $module -Force -ErrorAction SilentlyContinue
}
