<#
.SYNOPSIS
    Stops every lab server Start-Lab.ps1 started; quiet about those not running.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)] [string] $StateDirectory)

& (Join-Path $PSScriptRoot 'Stop-DnsLab.ps1') -StateDirectory $StateDirectory
$smtpStop = Join-Path $PSScriptRoot 'Stop-SmtpLab.ps1'
if (Test-Path $smtpStop) { & $smtpStop -StateDirectory (Join-Path $StateDirectory 'smtp') }
foreach ($name in 'fault-server', 'fault-dns') {
    $pidFile = Join-Path $StateDirectory "$name.pid"
    if (Test-Path $pidFile) {
        $id = [int](Get-Content -Raw $pidFile).Trim()
        Stop-Process -Id $id -Force -ErrorAction SilentlyContinue
        Remove-Item $pidFile -ErrorAction SilentlyContinue
    }
}
