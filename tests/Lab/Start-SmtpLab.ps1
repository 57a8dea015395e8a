<#
.SYNOPSIS
    Starts two private Postfix instances that play Exchange Online (EOP) front ends.

.DESCRIPTION
    Generates a test CA, the server certificate for mail.protection.outlook.com and a client
    certificate for relay.contoso.example under -StateDirectory, renders the Postfix
    configuration from tests/Lab/Smtp/*.in into it and starts:

      Nam  127.25.0.1:2525  BN8NAM11FT066.mail.protection.outlook.com
      Eur  127.25.0.2:2525  VE1EUR01FT034.mail.protection.outlook.com

    Both offer STARTTLS, ask for a client certificate, answer RCPT TO attr35@<any domain> with
    451 4.4.62 ... ATTR35 and unknown@<any domain> with 550 5.1.10, EHLO tempfail.lab.example
    with 450 and MAIL FROM refused@<any domain> with 553, accept everything else and deliver
    nothing. Each writes its log to <state>/<nam|eur>/maillog.

    Writes <state>/smtp-lab.json and returns the same data as an object. Throws (exit code 1
    under -File) unless both instances answer with their banner within 15 seconds.
    Needs root (postfix -c), postfix, postconf and openssl; runs on Linux only. Nothing is
    written into the repository. Running it again restarts the lab.

.EXAMPLE
    ./tests/Lab/Start-SmtpLab.ps1 -StateDirectory /tmp/attr35-lab
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $StateDirectory
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Smtp/SmtpLab.Common.ps1')

function Find-Tool {
    param([Parameter(Mandatory)] [string] $Name)
    $command = Get-Command -Name $Name -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($null -eq $command) {
        foreach ($directory in @('/usr/sbin', '/sbin', '/usr/bin')) {
            $candidate = Join-Path $directory $Name
            if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
        }
        throw "The SMTP lab needs '$Name' (apt-get install postfix openssl)."
    }
    $command.Source
}

function Write-TextFile {
    # LF line endings and no BOM, whatever the PowerShell edition.
    param([string] $Path, [string] $Text)
    [System.IO.File]::WriteAllText($Path, $Text.Replace("`r`n", "`n"), (New-Object System.Text.UTF8Encoding($false)))
}

function Expand-Template {
    param([string] $Path, [hashtable] $Values)
    $text = [System.IO.File]::ReadAllText($Path)
    foreach ($key in $Values.Keys) {
        $text = $text.Replace("@$key@", [string] $Values[$key])
    }
    if ($text -cmatch '@[A-Z_]+@') { throw "Template '$Path' has an unreplaced token $($Matches[0])." }
    $text
}

function Test-CertificateUsable {
    param([string] $OpenSsl, [string] $Path)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { return $false }
    $null = Invoke-SmtpLabNative -FilePath $OpenSsl -ArgumentList @('x509', '-in', $Path, '-noout', '-checkend', '86400') -AllowFailure
    $LASTEXITCODE -eq 0
}

function New-LabPki {
    # A CA, the EOP server certificate and the sender's client certificate. Kept across runs
    # while all files exist and stay valid for another day, so restarts are fast.
    param([string] $OpenSsl, [string] $Directory)
    $files = @{
        CaCertificate        = Join-Path $Directory 'ca.pem'
        CaKey                = Join-Path $Directory 'ca.key'
        ServerCertificate    = Join-Path $Directory 'server.pem'
        ServerKey            = Join-Path $Directory 'server.key'
        ClientCertificatePem = Join-Path $Directory 'client.pem'
        ClientKey            = Join-Path $Directory 'client.key'
        ClientCertificatePfx = Join-Path $Directory 'client.pfx'
    }
    $complete = $true
    foreach ($path in $files.Values) {
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { $complete = $false }
    }
    foreach ($certificate in @($files.CaCertificate, $files.ServerCertificate, $files.ClientCertificatePem)) {
        if ($complete -and -not (Test-CertificateUsable -OpenSsl $OpenSsl -Path $certificate)) { $complete = $false }
    }
    if ($complete) { return $files }

    $null = New-Item -ItemType Directory -Path $Directory -Force
    Get-ChildItem -LiteralPath $Directory -File | Remove-Item -Force

    $null = Invoke-SmtpLabNative -FilePath $OpenSsl -ArgumentList @(
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
        '-keyout', $files.CaKey, '-out', $files.CaCertificate,
        '-subj', '/CN=ATTR35 Lab Test CA/O=ATTR35 Lab',
        '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
        '-addext', 'subjectKeyIdentifier=hash')

    $leaves = @(
        @{ Name = 'server'; Subject = '/CN=mail.protection.outlook.com/O=ATTR35 Lab'
           Usage = 'serverAuth'; Names = 'DNS:mail.protection.outlook.com,DNS:*.mail.protection.outlook.com'
           Certificate = $files.ServerCertificate; Key = $files.ServerKey }
        @{ Name = 'client'; Subject = '/CN=relay.contoso.example/O=ATTR35 Lab'
           Usage = 'clientAuth,serverAuth'; Names = 'DNS:relay.contoso.example'
           Certificate = $files.ClientCertificatePem; Key = $files.ClientKey }
    )
    foreach ($leaf in $leaves) {
        $request = Join-Path $Directory "$($leaf.Name).csr"
        $extensions = Join-Path $Directory "$($leaf.Name).ext"
        Write-TextFile -Path $extensions -Text (@(
            'basicConstraints=critical,CA:FALSE'
            'keyUsage=critical,digitalSignature,keyEncipherment'
            "extendedKeyUsage=$($leaf.Usage)"
            "subjectAltName=$($leaf.Names)"
            'subjectKeyIdentifier=hash'
            'authorityKeyIdentifier=keyid'
        ) -join "`n")
        $null = Invoke-SmtpLabNative -FilePath $OpenSsl -ArgumentList @(
            'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', $leaf.Key, '-out', $request, '-subj', $leaf.Subject)
        $null = Invoke-SmtpLabNative -FilePath $OpenSsl -ArgumentList @(
            'x509', '-req', '-in', $request, '-CA', $files.CaCertificate, '-CAkey', $files.CaKey,
            '-CAcreateserial', '-CAserial', (Join-Path $Directory 'ca.srl'),
            '-sha256', '-days', '825', '-extfile', $extensions, '-out', $leaf.Certificate)
    }

    # Empty password, SHA1/3DES protection: loadable by .NET Framework 4.7.2 on any Windows
    # as well as by .NET on Linux (OpenSSL 3's default AES/PBKDF2 PFX is not).
    $null = Invoke-SmtpLabNative -FilePath $OpenSsl -ArgumentList @(
        'pkcs12', '-export', '-in', $files.ClientCertificatePem, '-inkey', $files.ClientKey,
        '-certfile', $files.CaCertificate, '-name', 'relay.contoso.example',
        '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1',
        '-passout', 'pass:', '-out', $files.ClientCertificatePfx)
    $files
}

function Assert-ReachableByMailOwner {
    # master opens data_directory/master.lock as mail_owner, so every ancestor of the state
    # directory must let others search it (a state directory under /root does not work).
    param([string] $Path)
    $directory = $Path
    while ($directory -and $directory -ne '/') {
        $mode = Invoke-SmtpLabNative -FilePath 'stat' -ArgumentList @('-L', '-c', '%A', $directory)
        if ($mode.Length -ge 10 -and $mode[9] -ne 'x' -and $mode[9] -ne 't') {
            throw "Postfix's mail_owner cannot reach '$Path': '$directory' is $mode. Use a state directory whose parents are searchable by others (for example under /tmp)."
        }
        $directory = [System.IO.Path]::GetDirectoryName($directory)
    }
}

function Read-Banner {
    # The first reply line, or $null when the server does not answer within the timeout.
    param([string] $Address, [int] $Port, [int] $TimeoutMilliseconds)
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $connect = $client.ConnectAsync($Address, $Port)
        if (-not $connect.Wait($TimeoutMilliseconds)) { return $null }
        $stream = $client.GetStream()
        $stream.ReadTimeout = $TimeoutMilliseconds
        $reader = New-Object System.IO.StreamReader($stream, [System.Text.Encoding]::ASCII)
        $line = $reader.ReadLine()
        $writer = New-Object System.IO.StreamWriter($stream, [System.Text.Encoding]::ASCII)
        $writer.NewLine = "`r`n"
        $writer.WriteLine('QUIT')
        $writer.Flush()
        $null = $reader.ReadLine()
        $line
    }
    catch {
        $null
    }
    finally {
        $client.Close()
    }
}

if ($PSVersionTable.PSEdition -eq 'Desktop' -or -not $IsLinux) {
    throw 'The SMTP lab runs Postfix and needs Linux.'
}
if ($StateDirectory -match '\s') {
    throw "StateDirectory '$StateDirectory' contains white space, which Postfix paths cannot carry."
}
$userId = Invoke-SmtpLabNative -FilePath 'id' -ArgumentList @('-u')
if ($userId -ne '0') {
    throw 'The SMTP lab starts private Postfix instances (postfix -c DIR start) and must run as root.'
}

$postfix = Find-Tool -Name 'postfix'
$postconf = Find-Tool -Name 'postconf'
$openssl = Find-Tool -Name 'openssl'

$null = New-Item -ItemType Directory -Path $StateDirectory -Force
$state = (Resolve-Path -LiteralPath $StateDirectory).ProviderPath.TrimEnd('/')
$templates = Join-Path $PSScriptRoot 'Smtp'

# A fresh install with "No configuration" has no default main.cf, and postconf -e needs one.
$defaultConfig = Invoke-SmtpLabNative -FilePath $postconf -ArgumentList @('-d', '-h', 'config_directory')
$defaultMainCf = Join-Path $defaultConfig 'main.cf'
if (-not (Test-Path -LiteralPath $defaultMainCf -PathType Leaf)) {
    Write-TextFile -Path $defaultMainCf -Text "compatibility_level = 3.6`n"
    Set-SmtpLabSettled -Path $defaultMainCf
}

# Read only now: postconf fails without a default main.cf.
$mailOwner = Invoke-SmtpLabNative -FilePath $postconf -ArgumentList @('-h', 'mail_owner')

foreach ($instance in $script:SmtpLabInstances) {
    Stop-SmtpLabInstance -ConfigDirectory "$state/$($instance.Directory)/etc"
}
Assert-ReachableByMailOwner -Path $state

# The addresses are fixed, so only one lab can run at a time on a machine.
foreach ($instance in $script:SmtpLabInstances) {
    $busy = Read-Banner -Address $instance.Address -Port $instance.Port -TimeoutMilliseconds 1000
    if ($null -ne $busy) {
        $owner = ''
        foreach ($entry in [System.IO.Directory]::GetDirectories('/proc')) {
            try { $environment = [System.IO.File]::ReadAllText("$entry/environ") } catch { continue }
            $match = [regex]::Match($environment, "MAIL_CONFIG=([^\x00]*)/$($instance.Directory)/etc\x00")
            if ($match.Success) { $owner = " It belongs to the lab in '$($match.Groups[1].Value)': run Stop-SmtpLab.ps1 -StateDirectory $($match.Groups[1].Value)."; break }
        }
        throw "$($instance.Address):$($instance.Port) is already in use (it answered '$busy').$owner"
    }
}

$labFile = "$state/smtp-lab.json"
if (Test-Path -LiteralPath $labFile) { Remove-Item -LiteralPath $labFile -Force }
$pki = New-LabPki -OpenSsl $openssl -Directory "$state/pki"

$configDirectories = @($script:SmtpLabInstances | ForEach-Object { "$state/$($_.Directory)/etc" })
Set-SmtpLabAlternateDirectory -Postconf $postconf -Add $configDirectories

$result = [ordered]@{}
$started = New-Object System.Collections.Generic.List[string]
try {
    foreach ($instance in $script:SmtpLabInstances) {
        $root = "$state/$($instance.Directory)"
        $config = "$root/etc"
        foreach ($directory in @($config, "$root/queue", "$root/data")) {
            $null = New-Item -ItemType Directory -Path $directory -Force
        }
        # check-warn complains and master cannot take its lock unless mail_owner owns this.
        $null = Invoke-SmtpLabNative -FilePath 'chown' -ArgumentList @('-R', "${mailOwner}:", "$root/data")
        $values = @{
            QUEUE_DIRECTORY    = "$root/queue"
            DATA_DIRECTORY     = "$root/data"
            MAILLOG_FILE       = "$root/maillog"
            INSTANCE_DIRECTORY = $root
            CONFIG_DIRECTORY   = $config
            HOST_NAME          = $instance.HostName
            EOP_SERVER         = $instance.EopServer
            LISTEN_ADDRESS     = $instance.Address
            LISTEN_PORT        = $instance.Port
            SERVER_CERTIFICATE = $pki.ServerCertificate
            SERVER_KEY         = $pki.ServerKey
            CA_CERTIFICATE     = $pki.CaCertificate
        }
        foreach ($name in @('main.cf', 'master.cf', 'recipient_access', 'helo_access', 'sender_access')) {
            Write-TextFile -Path "$config/$name" -Text (Expand-Template -Path "$templates/$name.in" -Values $values)
            Set-SmtpLabSettled -Path "$config/$name"
        }

        # A fresh log per start, so what the tests read is from this lab only.
        if (Test-Path -LiteralPath "$root/maillog") { Remove-Item -LiteralPath "$root/maillog" -Force }
        $started.Add($config)
        $output = Invoke-SmtpLabNative -FilePath $postfix -ArgumentList @('-c', $config, 'start') -AllowFailure
        if ($LASTEXITCODE -ne 0) {
            $log = ''
            if (Test-Path -LiteralPath "$root/maillog") {
                $log = (Get-Content -LiteralPath "$root/maillog" -Tail 15) -join [Environment]::NewLine
            }
            throw "Postfix instance '$($instance.Key)' did not start (postfix -c $config start, exit code $LASTEXITCODE). $output$([Environment]::NewLine)$log"
        }

        $result[$instance.Key] = [ordered]@{
            Address         = $instance.Address
            Port            = $instance.Port
            HostName        = $instance.HostName
            EopServer       = $instance.EopServer
            Log             = "$root/maillog"
            ConfigDirectory = $config
            Banner          = $null
        }
    }

    # postfix start returns once master has initialised; still prove each one greets.
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    foreach ($instance in $script:SmtpLabInstances) {
        $entry = $result[$instance.Key]
        $expected = "220 $($instance.HostName) Microsoft ESMTP MAIL Service ready at "
        $banner = $null
        while ($true) {
            $remaining = [int] ($deadline - [DateTime]::UtcNow).TotalMilliseconds
            if ($remaining -le 0) { break }
            $banner = Read-Banner -Address $instance.Address -Port $instance.Port -TimeoutMilliseconds ([Math]::Min($remaining, 3000))
            if ($null -ne $banner -and $banner.StartsWith($expected)) { break }
            Start-Sleep -Milliseconds 100
        }
        if ($null -eq $banner -or -not $banner.StartsWith($expected)) {
            throw "Postfix instance '$($instance.Key)' on $($instance.Address):$($instance.Port) did not greet with '$expected...' within 15 seconds (got '$banner'). See $($entry.Log)."
        }
        $entry.Banner = $banner
    }
}
catch {
    foreach ($config in $started) { Stop-SmtpLabInstance -ConfigDirectory $config }
    throw
}

$result['StateDirectory'] = $state
$result['CaCertificate'] = $pki.CaCertificate
$result['ServerCertificate'] = $pki.ServerCertificate
$result['ServerKey'] = $pki.ServerKey
$result['ClientCertificatePfx'] = $pki.ClientCertificatePfx
$result['ClientCertificatePassword'] = ''
$result['ClientCertificatePem'] = $pki.ClientCertificatePem
$result['ClientKey'] = $pki.ClientKey

$json = $result | ConvertTo-Json -Depth 5
Write-TextFile -Path $labFile -Text $json
$json | ConvertFrom-Json
