BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:version = (Import-PowerShellDataFile (Join-Path $env:ATTR35_REPO 'ATTR35.psd1')).ModuleVersion
    $script:package = Join-Path $env:ATTR35_REPO "out/package/ATTR35.$script:version.nupkg"
    $script:moduleDirectory = Split-Path -Parent $env:ATTR35_MODULE
    $script:checker = Join-Path $env:ATTR35_REPO 'build/Test-AssemblyReferences.ps1'

    function New-TempDirectory {
        $path = Join-Path ([IO.Path]::GetTempPath()) ('attr35-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $path
        return $path
    }
}

Describe 'The package (build.ps1 -Task Package)' {
    BeforeAll {
        if (-not (Test-Path $script:package)) { throw "No package at $script:package: build.ps1 -Task Test and -Task Package write it." }
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($script:package)
        try {
            $script:entries = @($zip.Entries | ForEach-Object { $_.FullName -replace '\\', '/' })
            $reader = New-Object IO.StreamReader(($zip.Entries | Where-Object FullName -eq 'ATTR35.nuspec').Open())
            [xml]$script:nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        } finally {
            $zip.Dispose()
        }
        $script:metadata = $script:nuspec.package.metadata
    }

    It 'holds the module at its root, as Publish-PSResource lays it out' {
        foreach ($file in 'ATTR35.nuspec', 'ATTR35.psd1', 'ATTR35.dll', 'ATTR35.format.ps1xml', 'en-US/ATTR35.dll-Help.xml', 'en-US/about_ATTR35.help.txt',
            'Dependencies/ATTR35.DnsClient.dll', 'Dependencies/DnsClient.dll') {
            $script:entries | Should -Contain $file
        }
        $script:entries | Where-Object { $_ -like "$script:version/*" -or $_ -like 'ATTR35/*' } | Should -BeNullOrEmpty
    }

    It 'carries the manifest metadata the PowerShell Gallery shows' {
        $script:metadata.id | Should -Be 'ATTR35'
        $script:metadata.version | Should -Be $script:version
        $script:metadata.description | Should -Match 'ATTR35'
        $script:metadata.authors | Should -Not -BeNullOrEmpty
        $script:metadata.projectUrl | Should -Match '^https://'
        $script:metadata.licenseUrl | Should -Match '^https://'
        $tags = $script:metadata.tags -split ' '
        foreach ($tag in 'PSModule', 'PSEdition_Core', 'PSEdition_Desktop', 'ExchangeOnline') { $tags | Should -Contain $tag }
        $script:metadata.releaseNotes | Should -Match ("^{0}: " -f [regex]::Escape($script:version))
    }

    It 'has release notes in step with CHANGELOG.md' {
        $changelog = Get-Content -Raw (Join-Path $env:ATTR35_REPO 'CHANGELOG.md')
        $top = [regex]::Match($changelog, '(?m)^## \[?(?<version>\d+\.\d+\.\d+[^\]\s]*)\]?').Groups['version'].Value
        $top | Should -Be $script:version -Because 'the newest CHANGELOG entry is the version being packaged'
    }

    It 'installs by name from a local repository into a clean module path, imports by name and works' {
        # Get-Module, not Get-InstalledPSResource: that one creates the user's module folder.
        $before = @(Get-Module ATTR35 -ListAvailable).Count
        $work = New-TempDirectory
        try {
            $repository = Join-Path $work 'repository'
            $data = Join-Path $work 'data'
            $null = New-Item -ItemType Directory -Path $repository, $data
            Copy-Item $script:package $repository
            # PSResourceGet keeps its repositories and CurrentUser installs under the user's data
            # folder: point it at an empty one so the test neither sees nor changes the real one.
            $environment = @{ XDG_DATA_HOME = $data; LOCALAPPDATA = $data; XDG_CONFIG_HOME = (Join-Path $work 'config'); XDG_CACHE_HOME = (Join-Path $work 'cache') }
            $modules = Join-Path $work 'Modules'
            $null = New-Item -ItemType Directory -Path $modules
            # Save-PSResource installs into the folder given: Install-PSResource -Scope CurrentUser
            # would write to the real user's module folder on Linux, whatever XDG_DATA_HOME says.
            $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ATTR35Test -Uri '$repository' -Trusted
`$found = Find-PSResource -Name ATTR35 -Repository ATTR35Test
Save-PSResource -Name ATTR35 -Repository ATTR35Test -Path '$modules' -TrustRepository -Quiet -IncludeXml
# A module path with nothing but the clean folder and PowerShell's own modules.
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + (Join-Path `$PSHOME 'Modules')
`$available = @(Get-Module ATTR35 -ListAvailable)
Import-Module ATTR35
`$module = Get-Module ATTR35
`$result = [pscustomobject]@{ Name = 'From on-premises'; Enabled = `$true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.0/24') } |
    Test-InboundConnector -SenderIPAddress 203.0.113.25
[pscustomobject]@{
    Found = [string]`$found.Version
    Available = @(`$available | ForEach-Object { `$_.ModuleBase })
    ModuleBase = `$module.ModuleBase
    Version = [string]`$module.Version
    Commands = @(`$module.ExportedCmdlets.Keys | Sort-Object)
    Status = [string]`$result.Status
    MatchedConnector = `$result.MatchedConnector
    Table = (`$result | Out-String -Width 200)
    Examples = @((Get-Help Test-InboundConnector).examples.example).Count
    About = (Get-Help about_ATTR35 | Out-String)
} | ConvertTo-Json -Depth 3 -Compress
"@
            $outcome = (Invoke-FreshPwsh -Script $script -Environment $environment) -join "`n" | ConvertFrom-Json
            $outcome.Found | Should -Be $script:version
            $outcome.Available | Should -Be @((Join-Path $modules "ATTR35/$script:version"))
            Test-Path (Join-Path $modules "ATTR35/$script:version/PSGetModuleInfo.xml") | Should -BeTrue -Because 'PSResourceGet records where the module came from'
            $outcome.ModuleBase | Should -Be (Join-Path $modules "ATTR35/$script:version")
            Get-Content -Raw (Join-Path $data 'PSResourceGet/PSResourceRepository.xml') | Should -Match 'ATTR35Test' -Because 'the repository is registered in the test''s own data folder'
            $outcome.Version | Should -Be $script:version
            $outcome.Commands | Should -Be @('Get-Attr35Event', 'Test-Attr35', 'Test-InboundConnector', 'Test-MxRecord', 'Test-SmartHost')
            $outcome.Status | Should -Be 'Pass'
            $outcome.MatchedConnector | Should -Be 'From on-premises'
            $outcome.Table | Should -Match 'MatchedConnector'
            $outcome.Examples | Should -BeGreaterOrEqual 3
            $outcome.About | Should -Match 'FINDING CODES'
            @(Get-Module ATTR35 -ListAvailable).Count | Should -Be $before -Because 'the test installs into its own folder only'
        } finally {
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }
}

Describe 'The assembly reference check (build/Test-AssemblyReferences.ps1)' {
    It 'passes the built module: netstandard2.0, System.Management.Automation 3.0 and shipped assemblies only' {
        $output = Invoke-FreshPwsh -Script "& '$script:checker' -ModuleDirectory '$script:moduleDirectory' -PassThru | ConvertTo-Json -Depth 3 -Compress"
        $assemblies = ($output | Where-Object { $_ -like '`[*' }) | ConvertFrom-Json
        $main = $assemblies | Where-Object Name -eq 'ATTR35'
        $main.TargetFramework | Should -Be '.NETStandard,Version=v2.0'
        $main.References | Should -Be @('netstandard 2.0.0.0', 'System.Management.Automation 3.0.0.0')
        ($assemblies | Where-Object Name -eq 'ATTR35.DnsClient').References | Should -Contain 'DnsClient 1.8.0.0'
        $assemblies.Name | Should -Contain 'DnsClient'
    }

    It 'refuses an assembly built for .NET 10, and names what it references' {
        $work = New-TempDirectory
        try {
            Copy-Item -Path (Join-Path $script:moduleDirectory '*') -Destination $work -Recurse
            # The fault server's .NET 10 build (it also builds for net472, which this checker would pass).
            $net10 = Get-Item -Path (Join-Path $env:ATTR35_REPO "tests/FaultServer/bin/$env:ATTR35_CONFIGURATION/net10.0/FaultServer.dll") -ErrorAction SilentlyContinue
            $net10 | Should -Not -BeNullOrEmpty -Because 'the test suite builds the fault server'
            Copy-Item $net10.FullName (Join-Path $work 'Dependencies')
            $output = Invoke-FreshPwsh -Script "try { & '$script:checker' -ModuleDirectory '$work'; 'PASSED' } catch { 'REFUSED: ' + `$_.Exception.Message }"
            $text = $output -join "`n"
            $text | Should -Match 'REFUSED'
            $text | Should -Match 'FaultServer\.dll: targets ''\.NETCoreApp,Version=v10\.0'''
            $text | Should -Match 'FaultServer\.dll: references System\.Runtime 10\.0\.0\.0, above netstandard2\.0'
        } finally {
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }

    It 'refuses a shipped assembly the module lacks a dependency of' {
        $work = New-TempDirectory
        try {
            Copy-Item -Path (Join-Path $script:moduleDirectory '*') -Destination $work -Recurse
            Remove-Item (Join-Path $work 'Dependencies/System.Buffers.dll')
            $output = Invoke-FreshPwsh -Script "try { & '$script:checker' -ModuleDirectory '$work'; 'PASSED' } catch { 'REFUSED: ' + `$_.Exception.Message }"
            ($output -join "`n") | Should -Match 'DnsClient\.dll: references System\.Buffers [\d.]+, which is neither in netstandard2\.0 nor shipped with the module'
        } finally {
            Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
        }
    }
}
