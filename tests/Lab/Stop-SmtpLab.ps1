<#
.SYNOPSIS
    Stops the Postfix instances that Start-SmtpLab.ps1 started for -StateDirectory.

.DESCRIPTION
    Runs "postfix -c <state>/<nam|eur>/etc stop", then ends whatever process of those instances
    still runs (found by the MAIL_CONFIG that master passes to its daemons) and removes the
    instances from alternate_config_directories in the default main.cf. Never fails: stopping
    a lab that is not running, half started or already deleted is fine. The state directory
    (certificates, logs) is left in place for inspection.

.EXAMPLE
    ./tests/Lab/Stop-SmtpLab.ps1 -StateDirectory /tmp/attr35-lab
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $StateDirectory
)

$ErrorActionPreference = 'Stop'
try {
    . (Join-Path $PSScriptRoot 'Smtp/SmtpLab.Common.ps1')
    $state = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($StateDirectory).TrimEnd('/')
    if (Test-Path -LiteralPath $state) {
        $state = (Resolve-Path -LiteralPath $state).ProviderPath.TrimEnd('/')
    }
    $configDirectories = @($script:SmtpLabInstances | ForEach-Object { "$state/$($_.Directory)/etc" })
    foreach ($config in $configDirectories) {
        Stop-SmtpLabInstance -ConfigDirectory $config
    }
    $postconf = Get-Command -Name 'postconf' -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($null -ne $postconf) {
        Set-SmtpLabAlternateDirectory -Postconf $postconf.Source -Remove $configDirectories
    }
}
catch {
    Write-Warning "Stop-SmtpLab: $_"
}
