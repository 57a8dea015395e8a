<#
.SYNOPSIS
    Stops the lab's BIND 9 server started by Start-DnsLab.ps1; quiet when it is not running.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)] [string] $StateDirectory)

$pidFile = Join-Path $StateDirectory 'dns/named.pid'
if (-not (Test-Path $pidFile)) { return }
$id = 0
if ([int]::TryParse((Get-Content -Raw $pidFile).Trim(), [ref] $id)) {
    $process = Get-Process -Id $id -ErrorAction SilentlyContinue
    if ($process) {
        Stop-Process -Id $id -ErrorAction SilentlyContinue
        if (-not $process.WaitForExit(5000)) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
    }
}
Remove-Item $pidFile -ErrorAction SilentlyContinue
