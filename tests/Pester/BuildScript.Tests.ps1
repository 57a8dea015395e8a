BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Syntax PowerShell 7 added that Windows PowerShell 5.1 cannot parse.
    function Find-Pwsh7Syntax([string] $Path) {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        $found = @()
        $found += $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.TernaryExpressionAst] }, $true) | ForEach-Object { "ternary at line $($_.Extent.StartLineNumber)" }
        $found += $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.PipelineChainAst] }, $true) | ForEach-Object { "&& or || at line $($_.Extent.StartLineNumber)" }
        $found += $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.MemberExpressionAst] -and $n.NullConditional }, $true) | ForEach-Object { "?. at line $($_.Extent.StartLineNumber)" }
        $found += $tokens | Where-Object { $_.Kind -in 'QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket' } | ForEach-Object { "$($_.Text) at line $($_.Extent.StartLineNumber)" }
        $found += $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandParameterAst] -and $n.ParameterName -eq 'Parallel' }, $true) | ForEach-Object { "-Parallel at line $($_.Extent.StartLineNumber)" }
        return @($errors | ForEach-Object { "parse error: $($_.Message)" }) + $found
    }
}

Describe 'build.ps1 and its helpers keep Windows PowerShell 5.1 syntax' {
    It '<Name> has no syntax PowerShell 7 added' -TestCases @(
        @{ Name = 'build.ps1' }
        @{ Name = 'build/New-ModuleHelp.ps1' }
        @{ Name = 'build/Test-AssemblyReferences.ps1' }
    ) {
        $path = Join-Path $env:ATTR35_REPO $Name
        Test-Path $path | Should -BeTrue
        Find-Pwsh7Syntax $path | Should -BeNullOrEmpty
    }
}
