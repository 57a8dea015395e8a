<#
.SYNOPSIS
    Builds, tests and packages the ATTR35 module.
.DESCRIPTION
    One entry point for every task. Runs under the repository's local PowerShell tool
    (dotnet tool restore; dotnet pwsh ./build.ps1) and keeps to Windows PowerShell 5.1 syntax.

    Build    (default) compiles the assemblies and lays the importable module out in
             out/ATTR35/<version>/ (manifest, DLL, Dependencies/, format file, en-US help).
    Test     builds, checks that the shipped assemblies reference only netstandard2.0 and each
             other (build/Test-AssemblyReferences.ps1), packs the module as Package does, runs
             the xunit tests (on .NET, then on net472 under Mono: see Invoke-FrameworkTests), then the Pester suite in a fresh pwsh that imports the built module
             with the lab servers running (and installs the package); prints the hardening
             tallies (faults tried, bad inputs tried, hangs, unhandled exceptions), then
             'N passed, N failed' as the last line, and exits non-zero on any failure.
    Package  builds, runs the assembly reference check, and packs out/ATTR35/<version> into
             out/package/ATTR35.<version>.nupkg: the layout Publish-PSResource and the PowerShell
             Gallery use (Compress-PSResource of Microsoft.PowerShell.PSResourceGet 1.1 or later,
             which PowerShell 7.4+ ships).
    Shell    builds and imports the module into the current session (use with -NoExit).
    Clean    removes out/ and the bin/obj folders.
    Bench    runs the scale benchmark, bench/Invoke-Benchmark.ps1 (as root: it starts its own
             BIND 9 on 127.54.0.1); prints the table that bench/README.md explains.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Shell', 'Clean', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test only: install the lab's Debian packages (BIND 9, Postfix, swaks, openssl, dnsperf,
    # iproute2) and Mono (mono-complete, for the net472 tests) with apt-get when any is missing.
    # Needs root.
    [switch] $InstallPrerequisites,

    # Pester only: run just the test files whose name contains this text (Test-MxRecord, ...).
    [string] $PesterFilter = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$manifest = Import-PowerShellDataFile -Path (Join-Path $root 'ATTR35.psd1')
$version = [string]$manifest.ModuleVersion
$moduleBase = Join-Path $root 'out/ATTR35'
$moduleDir = Join-Path $moduleBase $version
$resultsDir = Join-Path $root 'out/test-results'
$packageDir = Join-Path $root 'out/package'

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-NuGetPackagesRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list | Select-Object -First 1
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-Build {
    Write-Host "Building ATTR35 $version ($Configuration)" -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $root 'src/ATTR35.DnsClient/ATTR35.DnsClient.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet', "-p:Version=$version")

    if (Test-Path $moduleDir) { Remove-Item -Recurse -Force $moduleDir }
    $deps = Join-Path $moduleDir 'Dependencies'
    $null = New-Item -ItemType Directory -Force -Path $deps, (Join-Path $moduleDir 'en-US')

    $main = Join-Path $root "src/ATTR35/bin/$Configuration/netstandard2.0"
    $adapter = Join-Path $root "src/ATTR35.DnsClient/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $main 'ATTR35.dll'), (Join-Path $main 'ATTR35.xml') -Destination $moduleDir
    Copy-Item (Join-Path $root 'ATTR35.psd1'), (Join-Path $root 'src/ATTR35.format.ps1xml') -Destination $moduleDir
    # Everything the adapter needs except ATTR35 itself, which must stay a single copy.
    Get-ChildItem -Path $adapter -Filter '*.dll' | Where-Object Name -ne 'ATTR35.dll' | Copy-Item -Destination $deps

    & (Join-Path $root 'build/New-ModuleHelp.ps1') -ModuleDirectory $moduleDir -DocsDirectory (Join-Path $root 'docs/en-US')
    Write-Host "Module ready: $moduleDir" -ForegroundColor Green
}

function Get-TrxCounts {
    param([string] $Path)
    [xml]$trx = Get-Content -Raw -Path $Path
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Total = [int]$counters.total }
}

function Install-LabPackages {
    $wanted = @{ named = 'bind9'; dig = 'bind9-dnsutils'; postfix = 'postfix'; swaks = 'swaks'; openssl = 'openssl'; dnsperf = 'dnsperf'; ip = 'iproute2' }
    $missing = @($wanted.Keys | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) -and -not (Test-Path "/usr/sbin/$_") } | ForEach-Object { $wanted[$_] })
    if ($missing.Count -eq 0) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) { throw "Install these packages for the test lab: $($missing -join ', ')" }
    Write-Host "Installing lab packages: $($missing -join ', ')" -ForegroundColor Cyan
    $env:DEBIAN_FRONTEND = 'noninteractive'
    # Postfix must not ask questions or start a system-wide instance of its own.
    'postfix postfix/main_mailer_type select No configuration' | & debconf-set-selections
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get (@('install', '-y', '-qq', '--no-install-recommends') + $missing)
}

function Install-FrameworkPackages {
    # Mono: the .NET Framework-compatible runtime the net472 tests run on, as Windows PowerShell 5.1
    # runs the module on .NET Framework (which is not here).
    if (Get-Command mono -CommandType Application -ErrorAction SilentlyContinue) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue)) { throw 'Install Mono (mono-complete) for the net472 tests.' }
    Write-Host 'Installing Mono for the net472 tests: mono-complete' -ForegroundColor Cyan
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get @('install', '-y', '-qq', '--no-install-recommends', 'mono-complete')
}

function Invoke-FrameworkTests {
    # The xunit suite built for net472 and run under Mono (dotnet test starts its .NET Framework
    # test host with mono), and the net472 host that tests/Pester/WindowsPowerShell.Tests.ps1 runs
    # against the lab. Returns the xunit counts; a missing Mono is a failure, never a skip.
    # Everything printed goes to the host: this function's output is its counts.
    Invoke-Native dotnet @('build', (Join-Path $root 'tests/DesktopHost/DesktopHost.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet') | Out-Host
    Write-Host 'xunit: tests/ATTR35.Tests on net472 under Mono' -ForegroundColor Cyan
    if (-not (Get-Command mono -CommandType Application -ErrorAction SilentlyContinue)) {
        Write-Host 'Mono is not installed (build.ps1 -Task Test -InstallPrerequisites installs it): the net472 tests count as one failure.' -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1; Total = 1 }
    }
    & dotnet test (Join-Path $root 'tests/ATTR35.Tests/ATTR35.Tests.csproj') -c $Configuration -f net472 -nologo `
        --logger 'trx;LogFileName=xunit-net472.trx' --logger 'console;verbosity=minimal' --results-directory $resultsDir | Out-Host
    $exit = $LASTEXITCODE
    $trxPath = Join-Path $resultsDir 'xunit-net472.trx'
    if (-not (Test-Path $trxPath)) {
        Write-Host 'xunit on net472 produced no results: counted as one failure.' -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1; Total = 1 }
    }
    $counts = Get-TrxCounts $trxPath
    if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    return $counts
}

function Get-FrameworkHostSummary {
    # Written by tests/Pester/WindowsPowerShell.Tests.ps1 from the host's own PASS/FAIL lines.
    $path = Join-Path $resultsDir 'net472-host.json'
    if (-not (Test-Path $path)) { return 'net472 load test (Mono, lab): did not run' }
    $hostTally = Get-Content -Raw $path | ConvertFrom-Json
    'net472 load test (Mono, lab): {0} checks passed, {1} failed (its Pester tests are counted with Pester)' -f $hostTally.Passed, $hostTally.Failed
}

function Get-HardeningTally {
    # The fault matrix, fuzz and safety tests (tests/Pester/Faults.*, Fuzz, Safety) each leave
    # their tallies in out/test-results/hardening-<name>.json.
    @(Get-ChildItem $resultsDir -Filter 'hardening-*.json' -ErrorAction SilentlyContinue | ForEach-Object { Get-Content -Raw $_.FullName | ConvertFrom-Json })
}

function Get-HardeningSummary {
    # The sum of the tallies.
    param([object[]] $Tallies = @())
    if ($tallies.Count -eq 0) { return 'Hardening: no fault, fuzz or safety test ran' }
    $sum = { param($name) ($tallies | Measure-Object -Property $name -Sum).Sum }
    'Hardening: faults tried {0}, bad inputs tried {1}, hangs: {2}, unhandled exceptions: {3}' -f (& $sum 'FaultsTried'), (& $sum 'BadInputsTried'), (& $sum 'Hangs'), (& $sum 'UnhandledExceptions')
}

function Test-ShippedAssemblies {
    # Windows PowerShell 5.1 is not here to load the module, so check statically what it would need.
    & (Join-Path $root 'build/Test-AssemblyReferences.ps1') -ModuleDirectory $moduleDir `
        -ReferenceDirectory (Join-Path (Get-NuGetPackagesRoot) 'netstandard.library/2.0.3/build/netstandard2.0/ref')
}

function Invoke-Test {
    if ($InstallPrerequisites) { Install-LabPackages; Install-FrameworkPackages }
    Invoke-Build
    $null = New-Item -ItemType Directory -Force -Path $resultsDir
    $static = [pscustomobject]@{ Passed = 1; Failed = 0 }
    try {
        Test-ShippedAssemblies
    } catch {
        Write-Host $_.Exception.Message -ForegroundColor Red
        $static = [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    # The package the Pester suite installs from a local repository (tests/Pester/Package.Tests.ps1);
    # when packing fails, those tests fail and say so.
    try {
        New-ModulePackage
    } catch {
        Write-Host $_.Exception.Message -ForegroundColor Red
    }
    Get-ChildItem $resultsDir -Filter '*.trx' -ErrorAction SilentlyContinue | Remove-Item

    Write-Host 'xunit: tests/ATTR35.Tests on .NET' -ForegroundColor Cyan
    & dotnet test (Join-Path $root 'tests/ATTR35.Tests/ATTR35.Tests.csproj') -c $Configuration -f net10.0 -nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $resultsDir
    $xunitExit = $LASTEXITCODE
    $trxPath = Join-Path $resultsDir 'xunit.trx'
    if (Test-Path $trxPath) {
        $xunit = Get-TrxCounts $trxPath
    } else {
        $xunit = [pscustomobject]@{ Passed = 0; Failed = 1; Total = 1 }
        Write-Host 'xunit produced no results: counted as one failure.' -ForegroundColor Red
    }
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 }
    $xunit472 = Invoke-FrameworkTests

    # Tools the Pester suite needs: Pester itself (pinned in Directory.Packages.props), the
    # scripted SMTP fault server and the DNS proxy.
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/TestTools/TestTools.csproj'), '-nologo', '-v', 'quiet')
    # (The xunit build above built it too, through its project reference; built here by name so
    # the Pester suite never depends on that.)
    Invoke-Native dotnet @('build', (Join-Path $root 'tests/FaultServer/FaultServer.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet')
    # The benchmark's DNS proxy plays the lossy, slow and silent networks of Retransmission.Tests.ps1.
    Invoke-Native dotnet @('build', (Join-Path $root 'bench/DnsDelayProxy/DnsDelayProxy.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet')

    $pesterManifest = Join-Path (Get-NuGetPackagesRoot) 'pester/5.7.1/tools/Pester.psd1'
    $pesterResult = Join-Path $resultsDir 'pester.json'
    Remove-Item $pesterResult -ErrorAction SilentlyContinue
    Get-ChildItem $resultsDir -Filter 'hardening-*.json' -ErrorAction SilentlyContinue | Remove-Item
    Remove-Item (Join-Path $resultsDir 'net472-host.json') -ErrorAction SilentlyContinue
    Write-Host 'Pester: tests/Pester (fresh pwsh, built module, lab servers)' -ForegroundColor Cyan
    $pesterArguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Invoke-PesterSuite.ps1'),
        '-ModuleManifest', (Join-Path $moduleDir 'ATTR35.psd1'), '-PesterManifest', $pesterManifest, '-ResultPath', $pesterResult,
        '-Configuration', $Configuration)
    if ($PesterFilter) { $pesterArguments += @('-Filter', $PesterFilter) }
    & dotnet @pesterArguments
    $pesterExit = $LASTEXITCODE
    if (Test-Path $pesterResult) {
        $pester = Get-Content -Raw $pesterResult | ConvertFrom-Json
    } else {
        $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
        Write-Host 'Pester produced no results: counted as one failure.' -ForegroundColor Red
    }
    if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $pester.Failed = 1 }

    $passed = $static.Passed + $xunit.Passed + $xunit472.Passed + $pester.Passed
    $failed = $static.Failed + $xunit.Failed + $xunit472.Failed + $pester.Failed
    Write-Host ''
    Write-Host ("assembly references: {0}; xunit: {1} passed, {2} failed; Pester: {3} passed, {4} failed, {5} skipped" -f $(if ($static.Failed) { 'failed' } else { 'passed' }), $xunit.Passed, $xunit.Failed, $pester.Passed, $pester.Failed, $pester.Skipped)
    Write-Host ("xunit on net472 (Mono): {0} passed, {1} failed" -f $xunit472.Passed, $xunit472.Failed)
    Write-Host (Get-FrameworkHostSummary)
    $hardening = Get-HardeningTally
    Write-Host (Get-HardeningSummary $hardening)
    # A hang or an unhandled exception in a hardening test is a failure even where the test that
    # met it only counted it.
    $hardeningProblems = ($hardening | ForEach-Object { [int]$_.Hangs + [int]$_.UnhandledExceptions } | Measure-Object -Sum).Sum
    if ($hardeningProblems -gt 0) {
        Write-Host "Hardening: $hardeningProblems hangs or unhandled exceptions, counted as failures" -ForegroundColor Red
        $failed += $hardeningProblems
    }
    Write-Host ("{0} passed, {1} failed" -f $passed, $failed)
    if ($failed -gt 0) { exit 1 }
}

function New-ModulePackage {
    if (-not (Get-Command Compress-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Packaging needs Compress-PSResource (Microsoft.PowerShell.PSResourceGet 1.1 or later). Run it with the repository''s PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 -Task Package'
    }
    if (Test-Path $packageDir) { Remove-Item -Recurse -Force $packageDir }
    $null = New-Item -ItemType Directory -Force -Path $packageDir
    # Compress-PSResource validates the manifest and writes the same .nupkg Publish-PSResource
    # uploads: the module files at the root, a .nuspec from the manifest's PSData.
    $null = Compress-PSResource -Path $moduleDir -DestinationPath $packageDir
    $package = Join-Path $packageDir "ATTR35.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Compress-PSResource did not write $package." }
    Write-Host "Package ready: $package" -ForegroundColor Green
}

function Invoke-Package {
    Invoke-Build
    Test-ShippedAssemblies
    New-ModulePackage
    Write-Host "Install it: Register-PSResourceRepository -Name ATTR35Local -Uri '$packageDir' -Trusted; Install-PSResource ATTR35 -Repository ATTR35Local"
}

function Invoke-Shell {
    Invoke-Build
    $separator = [IO.Path]::PathSeparator
    $outRoot = Join-Path $root 'out'
    if (($env:PSModulePath -split [regex]::Escape($separator)) -notcontains $outRoot) {
        $env:PSModulePath = $outRoot + $separator + $env:PSModulePath
    }
    Import-Module (Join-Path $moduleDir 'ATTR35.psd1') -Force -Scope Global
    Write-Host "ATTR35 $version imported. Try: Test-MxRecord contoso.com   (Get-Help Test-MxRecord -Examples)" -ForegroundColor Green
}

function Invoke-Clean {
    foreach ($path in @('out') + (Get-ChildItem -Path (Join-Path $root 'src'), (Join-Path $root 'tests') -Directory -Recurse -Include 'bin', 'obj' | ForEach-Object FullName)) {
        $full = if ([IO.Path]::IsPathRooted($path)) { $path } else { Join-Path $root $path }
        if (Test-Path $full) { Remove-Item -Recurse -Force $full }
    }
    Write-Host 'Clean.' -ForegroundColor Green
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Shell' { Invoke-Shell }
    'Clean' { Invoke-Clean }
    'Package' { Invoke-Package }
    'Bench' { & (Join-Path $root 'bench/Invoke-Benchmark.ps1') -Configuration $Configuration }
    default { throw "Task '$Task' is not implemented yet." }
}
