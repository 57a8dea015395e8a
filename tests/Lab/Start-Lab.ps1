<#
.SYNOPSIS
    Starts every lab server the Pester suite uses and returns where they listen.
.DESCRIPTION
    The BIND 9 authoritative server (Start-DnsLab.ps1), the two Postfix instances playing EOP
    front ends (Start-SmtpLab.ps1) and the scripted fault servers (tests/FaultServer: the SMTP
    scenarios, and the DNS scenarios in front of BIND). Everything listens on loopback only. Writes lab.json into the state directory. Any failure stops what
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

function Start-FaultServer {
    # Starts one FaultServer process on 127.0.0.1 and returns its state (scenario -> port) once
    # every listener is up; the pid goes to <name>.pid for Stop-Lab.ps1.
    param([string] $Dll, [string] $Name, [string[]] $Arguments)
    $state = Join-Path $StateDirectory "$Name.json"
    Remove-Item $state -ErrorAction SilentlyContinue
    $process = Start-Process -FilePath 'dotnet' -ArgumentList (@($Dll, '--address', '127.0.0.1', '--state', $state) + $Arguments) -PassThru `
        -RedirectStandardOutput (Join-Path $StateDirectory "$Name.out") -RedirectStandardError (Join-Path $StateDirectory "$Name.err")
    Set-Content -Path (Join-Path $StateDirectory "$Name.pid") -Value $process.Id
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while (-not (Test-Path $state) -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) { Start-Sleep -Milliseconds 100 }
    if (-not (Test-Path $state)) { throw "The scripted fault server '$Name' did not start: $(Get-Content -Raw (Join-Path $StateDirectory "$Name.err") -ErrorAction SilentlyContinue)" }
    Start-Sleep -Milliseconds 100
    Get-Content -Raw $state | ConvertFrom-Json
}
try {
    $lab.Dns = & (Join-Path $PSScriptRoot 'Start-DnsLab.ps1') -StateDirectory $StateDirectory

    $null = & (Join-Path $PSScriptRoot 'Start-SmtpLab.ps1') -StateDirectory (Join-Path $StateDirectory 'smtp')
    $lab.Smtp = Get-Content -Raw (Join-Path $StateDirectory 'smtp/smtp-lab.json') | ConvertFrom-Json

    # Every part of the lab is a prerequisite: a missing one stops the lab (and fails the lab
    # tests), it never leaves part of them to pass without their server.
    $faultDll = Join-Path $PSScriptRoot "../FaultServer/bin/$Configuration/net10.0/FaultServer.dll"
    if (-not (Test-Path $faultDll)) { throw "The scripted fault server is not built: $faultDll (build.ps1 -Task Test builds it)." }
    # The scripted SMTP server, then the scripted DNS server in front of BIND (--dns).
    $lab.Fault = Start-FaultServer -Dll $faultDll -Name 'fault-server' -Arguments @()
    $lab.FaultRecorderLog = Join-Path $lab.StateDirectory 'fault-server.json.recorder.log'
    $lab.FaultCaCertificate = Join-Path $lab.StateDirectory 'fault-server.json.ca.pem'
    $lab.FaultDns = Start-FaultServer -Dll $faultDll -Name 'fault-dns' -Arguments @('--dns', '--upstream', $lab.Dns.Server)
    $lab.FaultDnsRecorderLog = Join-Path $lab.StateDirectory 'fault-dns.json.recorder.log'
} catch {
    & (Join-Path $PSScriptRoot 'Stop-Lab.ps1') -StateDirectory $StateDirectory
    throw
}

$lab | ConvertTo-Json -Depth 5 | Set-Content -Path (Join-Path $StateDirectory 'lab.json') -Encoding utf8
[pscustomobject]$lab
