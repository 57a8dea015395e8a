<#
.SYNOPSIS
    Runs the Pester suite in this (fresh) process against the built module, with the lab running.
.DESCRIPTION
    Called by build.ps1 -Task Test. Starts the lab once, runs every tests/Pester/*.Tests.ps1,
    always stops the lab, and writes the counts to -ResultPath as JSON.
    When a lab server cannot start, the lab tests run and fail (their BeforeAll throws with the
    reason), in CI and elsewhere alike: a missing prerequisite is a failure, never a skip.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [Parameter(Mandatory = $true)] [string] $PesterManifest,
    [Parameter(Mandatory = $true)] [string] $ResultPath,
    [string] $Configuration = 'Release',
    [string] $Filter = ''
)
$ErrorActionPreference = 'Stop'
$announced = $false
$repo = Split-Path -Parent $PSScriptRoot
if (-not (Test-Path $PesterManifest)) { throw "Pester is not restored at $PesterManifest. Run: dotnet restore tests/TestTools" }
Import-Module $PesterManifest -Force

# The lab listens on fixed loopback addresses, so one suite at a time per machine: a second run
# waits here (up to 30 minutes) instead of failing on busy ports.
$lockPath = Join-Path ([IO.Path]::GetTempPath()) 'attr35-lab.lock'
$lock = $null
$waitUntil = [DateTime]::UtcNow.AddMinutes(30)
while (-not $lock) {
    try {
        $lock = [IO.File]::Open($lockPath, 'OpenOrCreate', 'ReadWrite', 'None')
    } catch {
        # PowerShell wraps the IOException of a locked file in a MethodInvocationException.
        if (-not ($_.Exception.GetBaseException() -is [System.IO.IOException])) { throw }
        if ([DateTime]::UtcNow -gt $waitUntil) { throw "Another ATTR35 test run has held the lab for 30 minutes ($lockPath)." }
        if (-not $announced) { Write-Host "Waiting for another ATTR35 test run to release the lab ($lockPath)..."; $announced = $true }
        Start-Sleep -Seconds 2
    }
}

$env:ATTR35_MODULE = (Resolve-Path $ModuleManifest).Path
$env:ATTR35_REPO = $repo
$env:ATTR35_CONFIGURATION = $Configuration
$state = Join-Path $repo 'out/lab'
$env:ATTR35_LAB_STATE = $state
Remove-Item Env:ATTR35_LAB_DNS -ErrorAction SilentlyContinue
$labError = $null
try {
    $lab = & (Join-Path $PSScriptRoot 'Lab/Start-Lab.ps1') -StateDirectory $state -Configuration $Configuration
    $env:ATTR35_LAB_DNS = $lab.Dns.Server
} catch {
    $labError = $_.Exception.Message
    $env:ATTR35_LAB_ERROR = $labError
}

$config = New-PesterConfiguration
$config.Run.Path = @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Pester') -Filter "*$Filter*.Tests.ps1" | ForEach-Object FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Should.ErrorAction = 'Stop'
if ($labError) {
    Write-Host "LAB FAILED TO START: every lab test will fail. $labError" -ForegroundColor Red
}

try {
    $result = Invoke-Pester -Configuration $config
} finally {
    & (Join-Path $PSScriptRoot 'Lab/Stop-Lab.ps1') -StateDirectory $state
    $lock.Dispose()
}

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$skipped = $result.SkippedCount + $result.NotRunCount
$counts = [ordered]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $skipped }
$counts | ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8
if ($failed -gt 0) { exit 1 }
exit 0
