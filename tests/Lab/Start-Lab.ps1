<#
.SYNOPSIS
    Starts every lab server the Pester suite uses and returns where they listen.
.DESCRIPTION
    The BIND 9 authoritative server (Start-DnsLab.ps1), the two Postfix instances playing EOP
    front ends (Start-SmtpLab.ps1) and the scripted fault server (tests/FaultServer). Everything
    listens on loopback only. Writes lab.json into the state directory. Any failure stops what
    was started and throws.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $StateDirectory,
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
$null = New-Item -ItemType Directory -Force -Path $StateDirectory
$lab = [ordered]@{ StateDirectory = (Resolve-Path $StateDirectory).Path }
try {
    $lab.Dns = & (Join-Path $PSScriptRoot 'Start-DnsLab.ps1') -StateDirectory $StateDirectory

    $smtpScript = Join-Path $PSScriptRoot 'Start-SmtpLab.ps1'
    if (Test-Path $smtpScript) {
        $null = & $smtpScript -StateDirectory (Join-Path $StateDirectory 'smtp')
        $lab.Smtp = Get-Content -Raw (Join-Path $StateDirectory 'smtp/smtp-lab.json') | ConvertFrom-Json
    }

    $faultDll = Join-Path $PSScriptRoot "../FaultServer/bin/$Configuration/net10.0/FaultServer.dll"
    if (Test-Path $faultDll) {
        $faultState = Join-Path $StateDirectory 'fault-server.json'
        Remove-Item $faultState -ErrorAction SilentlyContinue
        $process = Start-Process -FilePath 'dotnet' -ArgumentList @($faultDll, '--address', '127.0.0.1', '--state', $faultState) -PassThru `
            -RedirectStandardOutput (Join-Path $StateDirectory 'fault-server.out') -RedirectStandardError (Join-Path $StateDirectory 'fault-server.err')
        Set-Content -Path (Join-Path $StateDirectory 'fault-server.pid') -Value $process.Id
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (Test-Path $faultState) -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) { Start-Sleep -Milliseconds 100 }
        if (-not (Test-Path $faultState)) { throw "The scripted fault server did not start: $(Get-Content -Raw (Join-Path $StateDirectory 'fault-server.err') -ErrorAction SilentlyContinue)" }
        Start-Sleep -Milliseconds 100
        $lab.Fault = Get-Content -Raw $faultState | ConvertFrom-Json
        $lab.FaultRecorderLog = "$faultState.recorder.log"
    }
} catch {
    & (Join-Path $PSScriptRoot 'Stop-Lab.ps1') -StateDirectory $StateDirectory
    throw
}

$lab | ConvertTo-Json -Depth 5 | Set-Content -Path (Join-Path $StateDirectory 'lab.json') -Encoding utf8
[pscustomobject]$lab
