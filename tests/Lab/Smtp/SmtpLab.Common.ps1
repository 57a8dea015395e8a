# Helpers shared by Start-SmtpLab.ps1 and Stop-SmtpLab.ps1 (dot-sourced).
# Must parse under Windows PowerShell 5.1 rules; it only ever runs on Linux with Postfix.

Set-StrictMode -Version 3.0

# The two EOP front ends the lab plays. Names are the keys of smtp-lab.json.
$script:SmtpLabInstances = @(
    [pscustomobject]@{
        Key       = 'Nam'
        Directory = 'nam'
        Address   = '127.25.0.1'
        Port      = 2525
        HostName  = 'BN8NAM11FT066.mail.protection.outlook.com'
        EopServer = 'BN8NAM11FT066.eop-nam11.prod.protection.outlook.com'
    }
    [pscustomobject]@{
        Key       = 'Eur'
        Directory = 'eur'
        Address   = '127.25.0.2'
        Port      = 2525
        HostName  = 'VE1EUR01FT034.mail.protection.outlook.com'
        EopServer = 'VE1EUR01FT034.eop-eur01.prod.protection.outlook.com'
    }
)

function Invoke-SmtpLabNative {
    # Runs a native command, returns its combined output as one string, and throws with that
    # output when the exit code is not 0 (unless -AllowFailure).
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AllowFailure
    )
    $previous = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $output = & $FilePath @ArgumentList 2>&1 | ForEach-Object { "$_" }
        $exitCode = $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = $previous
    }
    $text = ($output -join [Environment]::NewLine).Trim()
    if ($exitCode -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code ${exitCode}: $text"
    }
    $text
}

function Get-SmtpLabInstanceProcessId {
    # Ids of the live processes of one instance. Postfix's master exports MAIL_CONFIG to every
    # daemon it starts (import_environment), so the environment names the instance exactly.
    param([Parameter(Mandatory)] [string] $ConfigDirectory)
    $needle = "MAIL_CONFIG=$ConfigDirectory"
    foreach ($entry in [System.IO.Directory]::GetDirectories('/proc')) {
        $name = [System.IO.Path]::GetFileName($entry)
        $processId = 0
        if (-not [int]::TryParse($name, [ref] $processId)) { continue }
        if ($processId -eq $PID) { continue }
        try {
            $bytes = [System.IO.File]::ReadAllBytes("$entry/environ")
        }
        catch {
            continue
        }
        if ($bytes.Length -eq 0) { continue }
        $variables = [System.Text.Encoding]::UTF8.GetString($bytes).Split([char] 0)
        if ($variables -contains $needle) { $processId }
    }
}

function Stop-SmtpLabInstance {
    # Stops one instance and never throws: "postfix stop", then SIGTERM and finally SIGKILL for
    # whatever still runs with this instance's MAIL_CONFIG.
    param([Parameter(Mandatory)] [string] $ConfigDirectory)
    if (-not (Test-Path -LiteralPath (Join-Path $ConfigDirectory 'main.cf'))) { return }
    try {
        $postfix = Get-Command -Name 'postfix' -CommandType Application -ErrorAction SilentlyContinue |
            Select-Object -First 1
        # "postfix stop" on an instance that is not running sleeps a second before its fatal exit.
        $running = @(Get-SmtpLabInstanceProcessId -ConfigDirectory $ConfigDirectory)
        if ($null -ne $postfix -and $running.Count -gt 0) {
            $null = Invoke-SmtpLabNative -FilePath $postfix.Source -ArgumentList @('-c', $ConfigDirectory, 'stop') -AllowFailure
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        $signal = 'TERM'
        while ($true) {
            $left = @(Get-SmtpLabInstanceProcessId -ConfigDirectory $ConfigDirectory)
            if ($left.Count -eq 0) { break }
            if ([DateTime]::UtcNow -gt $deadline) {
                if ($signal -eq 'KILL') { break }
                $signal = 'KILL'
                $deadline = [DateTime]::UtcNow.AddSeconds(2)
            }
            $null = Invoke-SmtpLabNative -FilePath 'kill' -ArgumentList (@("-$signal") + ($left | ForEach-Object { "$_" })) -AllowFailure
            Start-Sleep -Milliseconds 100
        }
    }
    catch {
        Write-Warning "Stopping the Postfix instance '$ConfigDirectory' failed: $_"
    }
}

function Set-SmtpLabSettled {
    # Every Postfix program that reads a configuration file modified in the last second or two
    # pauses (300 ms at a time) until it is older; backdating a file just written avoids that.
    param([Parameter(Mandatory)] [string] $Path)
    $settled = [DateTime]::UtcNow.AddSeconds(-10)
    if ([System.IO.File]::GetLastWriteTimeUtc($Path) -gt $settled) {
        [System.IO.File]::SetLastWriteTimeUtc($Path, $settled)
    }
}

function Get-SmtpLabAlternateDirectory {
    param([Parameter(Mandatory)] [string] $Postconf)
    $value = Invoke-SmtpLabNative -FilePath $Postconf -ArgumentList @('-h', 'alternate_config_directories')
    @($value -split '[\s,]+' | Where-Object { $_ -ne '' })
}

function Set-SmtpLabAlternateDirectory {
    # Rewrites alternate_config_directories in the default main.cf: adds $Add, removes $Remove
    # and drops entries whose directory is gone (earlier labs). Re-reads to survive a concurrent
    # writer (another lab starting at the same time).
    param(
        [Parameter(Mandatory)] [string] $Postconf,
        [string[]] $Add = @(),
        [string[]] $Remove = @()
    )
    $mainCf = Join-Path (Invoke-SmtpLabNative -FilePath $Postconf -ArgumentList @('-d', '-h', 'config_directory')) 'main.cf'
    for ($attempt = 1; $attempt -le 5; $attempt++) {
        $current = @(Get-SmtpLabAlternateDirectory -Postconf $Postconf)
        $wanted = New-Object System.Collections.Generic.List[string]
        foreach ($directory in ($current + $Add)) {
            if ($Remove -contains $directory) { continue }
            if ($wanted.Contains($directory)) { continue }
            if (($Add -notcontains $directory) -and -not (Test-Path -LiteralPath $directory -PathType Container)) { continue }
            $wanted.Add($directory)
        }
        if (($current -join ',') -ne ($wanted -join ',')) {
            $null = Invoke-SmtpLabNative -FilePath $Postconf -ArgumentList @('-e', "alternate_config_directories = $($wanted -join ', ')")
            Set-SmtpLabSettled -Path $mainCf
        }
        $check = @(Get-SmtpLabAlternateDirectory -Postconf $Postconf)
        $missing = @($Add | Where-Object { $check -notcontains $_ })
        $stale = @($Remove | Where-Object { $check -contains $_ })
        if ($missing.Count -eq 0 -and $stale.Count -eq 0) { return }
        Start-Sleep -Milliseconds (50 * $attempt)
    }
    throw "Could not update alternate_config_directories in the default Postfix main.cf."
}
