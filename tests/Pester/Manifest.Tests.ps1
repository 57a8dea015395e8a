# For publication: the manifest is clean, its links name the repository's own files, and the
# install commands the README gives for Windows PowerShell 5.1 are 5.1 commands (5.1 is not
# here, so they are read, not run).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:manifestPath = $env:ATTR35_MODULE
    $script:data = Import-PowerShellDataFile $script:manifestPath
    $script:readme = Get-Content -Raw (Join-Path $env:ATTR35_REPO 'README.md')
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest with no error and no warning' {
        $warnings = $null
        $errors = $null
        $info = Test-ModuleManifest -Path $script:manifestPath -ErrorVariable errors -WarningVariable warnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errors | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $info.Name | Should -Be 'ATTR35'
        $info.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'names an MIT LICENSE that the repository has, and the repository as the project' {
        $psData = $script:data.PrivateData.PSData
        $psData.ProjectUri | Should -Match '^https://github\.com/[^/]+/[^/]+$'
        $psData.LicenseUri | Should -Be ($psData.ProjectUri + '/blob/main/LICENSE')
        $license = Join-Path $env:ATTR35_REPO 'LICENSE'
        $license | Should -Exist
        (Get-Content -Raw $license) | Should -Match '^MIT License'
        (Get-Content -Raw $license) | Should -Match 'THE SOFTWARE IS PROVIDED "AS IS"'
    }
}

Describe 'The README install commands for Windows PowerShell 5.1' {
    It 'uses PowerShellGet 2 commands and parameters that Windows PowerShell 5.1 has' {
        # PowerShellGet 2 (the version the README asks for) has these parameters; PSResourceGet
        # names (Register-PSResourceRepository -Uri) would fail on a stock 5.1.
        $script:readme | Should -Match 'Register-PSRepository -Name ATTR35Local -SourceLocation C:\\Packages -InstallationPolicy Trusted'
        $script:readme | Should -Match 'Install-Module ATTR35 -Repository ATTR35Local'
        $script:readme | Should -Match 'Install-Module PowerShellGet -Scope CurrentUser'
        $script:readme | Should -Match '\[Net\.ServicePointManager\]::SecurityProtocol'
        foreach ($block in [regex]::Matches($script:readme, '(?s)```powershell\r?\n(?<code>.*?)```') | ForEach-Object { $_.Groups['code'].Value }) {
            $tokens = $null; $parseErrors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($block, [ref]$tokens, [ref]$parseErrors)
            $parseErrors | Should -BeNullOrEmpty -Because "every README command block parses: $block"
        }
    }
}
