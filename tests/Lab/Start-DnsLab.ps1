<#
.SYNOPSIS
    Starts the lab's private BIND 9 authoritative server on 127.53.0.1 and 127.53.0.2.
.DESCRIPTION
    Writes named.conf into the state directory from Dns/named.conf.in, serving every zone in
    Dns/zones, starts named and waits until it answers. Writes dns-lab.json with the address.
    Fails with a clear message when named is not installed (apt-get install bind9).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $StateDirectory,
    [int] $Port = 5300
)
$ErrorActionPreference = 'Stop'

$named = Get-Command named -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
if (-not $named -and (Test-Path /usr/sbin/named)) { $named = Get-Command /usr/sbin/named }
if (-not $named) {
    throw 'BIND 9 named is not installed: the lab DNS server cannot start. Install it with: apt-get install -y bind9 bind9-dnsutils'
}

# named listens only on addresses it finds on an interface; 127.0.0.0/8 is routed to lo but
# only 127.0.0.1 is on it, so the lab's two server addresses are added (idempotently).
foreach ($address in '127.53.0.1', '127.53.0.2') {
    $present = & ip -o addr show dev lo 2>$null | Select-String -SimpleMatch " $address/"
    if (-not $present) {
        $out = & ip addr add "$address/32" dev lo 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Could not add $address to the loopback interface (needs root or CAP_NET_ADMIN): $out" }
    }
}

function Test-DnsAnswer {
    # True when something answers a minimal query (good.lab.example MX, id 0x3535) at the address;
    # with -RequireNoError, only a NOERROR answer counts.
    param([string] $Address, [int] $TimeoutMilliseconds = 500, [switch] $RequireNoError)
    $udp = New-Object System.Net.Sockets.UdpClient
    try {
        $udp.Client.ReceiveTimeout = $TimeoutMilliseconds
        $bytes = New-Object System.Collections.Generic.List[byte]
        $bytes.AddRange([byte[]](0x35, 0x35, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00))
        foreach ($label in 'good', 'lab', 'example') {
            $bytes.Add([byte]$label.Length)
            $bytes.AddRange([Text.Encoding]::ASCII.GetBytes($label))
        }
        $bytes.AddRange([byte[]](0, 0, 15, 0, 1))
        $query = $bytes.ToArray()
        $null = $udp.Send($query, $query.Length, $Address, $Port)
        $remote = New-Object System.Net.IPEndPoint ([System.Net.IPAddress]::Any, 0)
        $reply = $udp.Receive([ref] $remote)
        return $reply.Length -gt 12 -and (-not $RequireNoError -or ($reply[3] -band 0x0F) -eq 0)
    } catch {
        return $false
    } finally {
        $udp.Dispose()
    }
}

$state = Join-Path $StateDirectory 'dns'
& (Join-Path $PSScriptRoot 'Stop-DnsLab.ps1') -StateDirectory $StateDirectory

# The addresses are fixed, so only one lab per machine: another lab's named must not be sharing
# them (its zones would answer some of this lab's questions).
foreach ($address in '127.53.0.1', '127.53.0.2') {
    if (Test-DnsAnswer -Address $address) {
        throw "Something already answers DNS on ${address}:$Port (another ATTR35 lab?). Stop it before starting this lab."
    }
}
$null = New-Item -ItemType Directory -Force -Path $state
$zones = Join-Path $PSScriptRoot 'Dns/zones'

$common = foreach ($file in Get-ChildItem -Path $zones -Filter '*.zone') {
    $zone = $file.Name -replace '\.zone$', ''
    if ($zone -like 'stale.example*') { continue }
    '    zone "{0}" {{ type primary; file "{1}"; }};' -f $zone, $file.FullName
}
$conf = (Get-Content -Raw (Join-Path $PSScriptRoot 'Dns/named.conf.in')).
    Replace('@COMMON@', ($common -join "`n")).
    Replace('@STATE@', $state).
    Replace('@ZONES@', $zones).
    Replace('@PORT@', [string]$Port)
$confPath = Join-Path $state 'named.conf'
Set-Content -Path $confPath -Value $conf -Encoding ascii

$check = Get-Command named-checkconf -ErrorAction SilentlyContinue
if ($check) {
    $out = & $check.Source -z $confPath 2>&1
    if ($LASTEXITCODE -ne 0) { throw "named-checkconf refused the lab configuration:`n$($out -join "`n")" }
}

# -u is not given: the lab runs as whoever runs the tests (root in CI); named daemonises itself.
$out = & $named.Source -c $confPath 2>&1
if ($LASTEXITCODE -ne 0) { throw "named did not start:`n$($out -join "`n")" }

$deadline = [DateTime]::UtcNow.AddSeconds(15)
$ready = $false
while ([DateTime]::UtcNow -lt $deadline) {
    if (Test-DnsAnswer -Address '127.53.0.1' -RequireNoError) { $ready = $true; break }
    Start-Sleep -Milliseconds 200
}
if (-not $ready) {
    $log = Join-Path $state 'named.log'
    $tail = if (Test-Path $log) { (Get-Content $log -Tail 20) -join "`n" } else { '(no log)' }
    throw "The lab DNS server did not answer on 127.53.0.1:$Port within 15 s.`n$tail"
}

$info = [ordered]@{ Server = "127.53.0.1:$Port"; Secondary = "127.53.0.2:$Port"; Port = $Port; Log = (Join-Path $state 'named.log') }
$info | ConvertTo-Json | Set-Content -Path (Join-Path $StateDirectory 'dns-lab.json') -Encoding utf8
[pscustomobject]$info
