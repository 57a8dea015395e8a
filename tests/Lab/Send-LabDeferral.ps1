<#
.SYNOPSIS
    Makes a real Postfix relay meet the lab's real ATTR35 deferral, and returns its mail log.

.DESCRIPTION
    Starts a private Postfix instance (tests/Lab/Smtp/client-*.cf.in) under -StateDirectory
    whose relayhost is the lab's EUR front end, submits one message per -Recipient with
    sendmail -C, flushes the queue and waits until the relay's log has a deferral line for each
    recipient, then stops the instance. The EUR instance's access map answers RCPT TO attr35@...
    with 451 4.4.62 ... ATTR35, so the relay writes Postfix's own "status=deferred (host ...
    said: 451 4.4.62 ...)" lines. No DATA is sent: every recipient is deferred at RCPT TO.
    Returns the path of the relay's mail log. Needs root, postfix and the running SMTP lab.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $StateDirectory,
    [Parameter(Mandatory)] [string] $RelayAddress,
    [Parameter(Mandatory)] [int] $RelayPort,
    [Parameter(Mandatory)] [string[]] $Recipient,
    [string] $Sender = 'app@contoso.example',
    [int] $TimeoutSeconds = 30
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Smtp/SmtpLab.Common.ps1')

$postfix = (Get-Command postfix -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
if (-not $postfix) { $postfix = '/usr/sbin/postfix' }
$postconf = Join-Path (Split-Path $postfix) 'postconf'
$sendmail = Join-Path (Split-Path $postfix) 'sendmail'
$postqueue = Join-Path (Split-Path $postfix) 'postqueue'
foreach ($tool in $postfix, $postconf, $sendmail, $postqueue) {
    if (-not (Test-Path -LiteralPath $tool)) { throw "Send-LabDeferral needs $tool (apt-get install postfix)." }
}

$null = New-Item -ItemType Directory -Path $StateDirectory -Force
$root = (Resolve-Path -LiteralPath $StateDirectory).ProviderPath.TrimEnd('/')
$config = "$root/etc"
Stop-SmtpLabInstance -ConfigDirectory $config
foreach ($directory in @($config, "$root/queue", "$root/data")) { $null = New-Item -ItemType Directory -Path $directory -Force }
$mailOwner = Invoke-SmtpLabNative -FilePath $postconf -ArgumentList @('-h', 'mail_owner')
$null = Invoke-SmtpLabNative -FilePath 'chown' -ArgumentList @('-R', "${mailOwner}:", "$root/data")
$values = @{
    QUEUE_DIRECTORY = "$root/queue"; DATA_DIRECTORY = "$root/data"; MAILLOG_FILE = "$root/maillog"
    INSTANCE_DIRECTORY = $root; RELAY_ADDRESS = $RelayAddress; RELAY_PORT = $RelayPort
}
foreach ($name in 'main.cf', 'master.cf') {
    $text = [IO.File]::ReadAllText((Join-Path $PSScriptRoot "Smtp/client-$name.in"))
    foreach ($key in $values.Keys) { $text = $text.Replace("@$key@", [string] $values[$key]) }
    [IO.File]::WriteAllText("$config/$name", $text.Replace("`r`n", "`n"), (New-Object Text.UTF8Encoding($false)))
    Set-SmtpLabSettled -Path "$config/$name"
}
if (Test-Path -LiteralPath "$root/maillog") { Remove-Item -LiteralPath "$root/maillog" -Force }

Set-SmtpLabAlternateDirectory -Postconf $postconf -Add @($config)
try {
    $null = Invoke-SmtpLabNative -FilePath $postfix -ArgumentList @('-c', $config, 'start')
    foreach ($to in $Recipient) {
        $message = "From: <$Sender>`nTo: <$to>`nSubject: ATTR35 lab`n`nA message the lab defers.`n"
        $previous = $ErrorActionPreference
        $ErrorActionPreference = 'Continue'
        $output = $message | & $sendmail -C $config -f $Sender -- $to 2>&1
        $code = $LASTEXITCODE
        $ErrorActionPreference = $previous
        if ($code -ne 0) { throw "sendmail -C $config failed ($code): $output" }
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $null = Invoke-SmtpLabNative -FilePath $postqueue -ArgumentList @('-c', $config, '-f') -AllowFailure
        $lines = @()
        if (Test-Path -LiteralPath "$root/maillog") { $lines = @(Get-Content -LiteralPath "$root/maillog" | Where-Object { $_ -match 'status=deferred' }) }
        $done = @($Recipient | Where-Object { $r = $_; -not ($lines | Where-Object { $_ -like "*to=<$r>*" }) }).Count -eq 0
        if ($done) { break }
        if ([DateTime]::UtcNow -gt $deadline) {
            $log = if (Test-Path -LiteralPath "$root/maillog") { (Get-Content -LiteralPath "$root/maillog" -Tail 20) -join "`n" } else { '(no log)' }
            throw "The lab relay wrote no deferral for every recipient within $TimeoutSeconds s. Its log:`n$log"
        }
        Start-Sleep -Milliseconds 500
    }
}
finally {
    Stop-SmtpLabInstance -ConfigDirectory $config
    Set-SmtpLabAlternateDirectory -Postconf $postconf -Remove @($config)
}
"$root/maillog"
