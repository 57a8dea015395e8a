<#
.SYNOPSIS
    The ATTR35 scale benchmark: Test-MxRecord over N domains against a private BIND 9 server on
    loopback, directly and behind a simulated round-trip time, side by side with the ideal bound,
    a sequential dig baseline, peak memory, Import-Module time and the silent smart host case.
.DESCRIPTION
    Run from the repository root (PowerShell 7, as root: named needs a loopback address added):

        dotnet tool restore && dotnet pwsh ./bench/Invoke-Benchmark.ps1

    It builds the module (build.ps1), the delaying DNS proxy (bench/DnsDelayProxy) and the
    scripted SMTP server (tests/FaultServer); writes a zone file for this run; starts named on
    127.54.0.1:15300, the proxy on 127.54.0.2 (15301 without delay, 15302 with -Rtt), the SMTP
    server on 127.54.0.3; measures; stops everything it started; prints one table and writes it
    to out/bench/results.md. bench/README.md explains every row. Ratios are the result: the
    machine is shared and noisy, so compare rows of one run, not runs of different days.
.PARAMETER N
    Domains per run. The memory row also runs 10 x N.
.PARAMETER Rtt
    The simulated round-trip time in milliseconds for the delayed section; 0 skips it.
.PARAMETER HighThrottleLimit
    The high -ThrottleLimit measured beside the default and 1.
.PARAMETER TargetGroup
    Domains per MX target: domain i publishes MX 0 g<i mod (N / TargetGroup)>..., so every
    target is shared by that many domains spread through the input, and the per-invocation
    cache matters.
.PARAMETER SequentialSample
    Behind the simulated round-trip time, -ThrottleLimit 1 takes about N x 1.1 x RTT (220 s for
    10,000 domains at 20 ms). A number here runs it over that many domains only and scales the
    time to N; the first domains are the first to ask for their MX targets, so a sample is
    slower per domain than the whole and the ratio comes out lower. Default 0: all N.
.PARAMETER DigSample
    Domains looked up with dig, one process per lookup, scaled to N.
.PARAMETER Quick
    A smoke run: N = 2000, short dnsperf runs, fewer samples.
.PARAMETER EventLines
    Lines of the generated Postfix log for the Get-Attr35Event rows (30% of them ATTR35
    deferrals); the memory row also reads 10 x EventLines.
.PARAMETER EventsOnly
    Only the Get-Attr35Event rows: no DNS, no SMTP, no root needed.
#>
[CmdletBinding()]
param(
    [ValidateRange(100, 1000000)] [int] $N = 10000,
    [ValidateRange(0, 1000)] [double] $Rtt = 20,
    [ValidateRange(2, 1024)] [int] $HighThrottleLimit = 256,
    [ValidateRange(1, 1000)] [int] $TargetGroup = 10,
    [ValidateRange(0, 1000000)] [int] $SequentialSample = 0,
    [ValidateRange(10, 10000)] [int] $DigSample = 100,
    [ValidateRange(3, 51)] [int] $ImportRuns = 7,
    [ValidateRange(100, 1000000)] [int] $MemoryN = 100000,
    [ValidateRange(1, 1024)] [int] $CompareThrottleLimit = 64,
    [switch] $Quick,
    [ValidateRange(1000, 10000000)] [int] $EventLines = 200000,
    [switch] $EventsOnly,
    [switch] $SkipBuild,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$repo = Split-Path -Parent $PSScriptRoot
if ($Quick) {
    if (-not $PSBoundParameters.ContainsKey('N')) { $N = 2000 }
    if (-not $PSBoundParameters.ContainsKey('DigSample')) { $DigSample = 20 }
    if (-not $PSBoundParameters.ContainsKey('ImportRuns')) { $ImportRuns = 3 }
    if (-not $PSBoundParameters.ContainsKey('MemoryN')) { $MemoryN = 10000 }
}
$perfSeconds = if ($Quick) { 2 } else { 5 }

# Addresses and ports of our own, apart from the Pester lab's 127.53.0.x:5300 and 127.25.0.x.
$dnsAddress = '127.54.0.1'
$dnsPort = 15300
$proxyAddress = '127.54.0.2'
$proxyPort = 15301
$delayPort = 15302
$lossyPort = 15303
$smtpAddress = '127.54.0.3'
$direct = "${dnsAddress}:$dnsPort"
$viaProxy = "${proxyAddress}:$proxyPort"
$viaDelay = "${proxyAddress}:$delayPort"
$viaLossy = "${proxyAddress}:$lossyPort"

$state = Join-Path $repo 'out/bench'
$manifest = Import-PowerShellDataFile -Path (Join-Path $repo 'ATTR35.psd1')
$moduleManifest = Join-Path $repo "out/ATTR35/$($manifest.ModuleVersion)/ATTR35.psd1"
$proxyDll = Join-Path $repo "bench/DnsDelayProxy/bin/$Configuration/net10.0/DnsDelayProxy.dll"
$faultDll = Join-Path $repo "tests/FaultServer/bin/$Configuration/net10.0/FaultServer.dll"
$aloneDll = Join-Path $repo "bench/DnsClientAlone/bin/$Configuration/net10.0/DnsClientAlone.dll"
$defaultThrottle = $null
$started = [System.Collections.Generic.List[System.Diagnostics.Process]]::new()

function Write-Step([string] $Text) { Write-Host "== $Text" -ForegroundColor Cyan }

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    $output = & $FilePath @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($Arguments -join ' ')' failed ($LASTEXITCODE):`n$($output -join "`n")" }
    return $output
}

function Assert-Prerequisite {
    $missing = @(foreach ($tool in 'named', 'dig', 'dnsperf', 'ip') {
            if (-not (Get-Command $tool -CommandType Application -ErrorAction SilentlyContinue) -and -not (Test-Path "/usr/sbin/$tool")) { $tool }
        })
    if ($missing) {
        throw "The benchmark needs $($missing -join ', '). Install them with: apt-get install -y bind9 bind9-dnsutils dnsperf iproute2"
    }
}

function Get-Named {
    $named = Get-Command named -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($named) { return $named.Source }
    return '/usr/sbin/named'
}

# ---------------------------------------------------------------------------------------------
# The lab: zone files, named, the proxies, the SMTP server
# ---------------------------------------------------------------------------------------------

function Get-DomainName([int] $Index, [string] $Prefix = 'd') { '{0}{1:D7}.bench.test' -f $Prefix, $Index }
function Get-TargetName([int] $Group) { 'g{0:D7}-bench-test.mail.protection.outlook.com' -f $Group }

function New-BenchZone {
    # d<i>: the shared-target domains (MX g<i mod Targets>); u<i>, i <= Unique: each its own target.
    param([int] $Domains, [int] $Targets, [int] $Unique)
    $serial = [DateTime]::UtcNow.ToString('yyMMddHHmm')
    $head = @(
        '$TTL 3600'
        "@ IN SOA ns.bench.test. hostmaster.bench.test. ( $serial 3600 600 86400 3600 )"
        '@ IN NS ns.bench.test.'
    )
    $bench = [IO.StreamWriter]::new((Join-Path $state 'bench.test.zone'), $false, [Text.Encoding]::ASCII)
    try {
        $head | ForEach-Object { $bench.WriteLine($_) }
        $bench.WriteLine("ns IN A $dnsAddress")
        for ($i = 1; $i -le $Domains; $i++) {
            $group = (($i - 1) % $Targets) + 1
            $bench.WriteLine(('d{0:D7} IN MX 0 g{1:D7}-bench-test.mail.protection.outlook.com.' -f $i, $group))
        }
        for ($i = 1; $i -le $Unique; $i++) {
            $bench.WriteLine(('u{0:D7} IN MX 0 u{0:D7}-bench-test.mail.protection.outlook.com.' -f $i))
        }
        for ($i = 1; $i -le 100; $i++) {
            $bench.WriteLine(('sh{0:D3} IN A {1}' -f $i, $smtpAddress))
        }
    } finally {
        $bench.Dispose()
    }

    $eop = [IO.StreamWriter]::new((Join-Path $state 'mail.protection.outlook.com.zone'), $false, [Text.Encoding]::ASCII)
    try {
        $head | ForEach-Object { $eop.WriteLine($_) }
        for ($g = 1; $g -le $Targets; $g++) {
            # Documentation addresses: nothing ever connects to them.
            $eop.WriteLine(('g{0:D7}-bench-test IN A 198.51.{1}.{2}' -f $g, ([math]::Floor($g / 250) % 250), (($g % 250) + 1)))
        }
        for ($u = 1; $u -le $Unique; $u++) {
            $eop.WriteLine(('u{0:D7}-bench-test IN A 203.0.{1}.{2}' -f $u, ([math]::Floor($u / 250) % 250), (($u % 250) + 1)))
        }
    } finally {
        $eop.Dispose()
    }
}

function Start-BenchDns {
    $present = & ip -o addr show dev lo 2>$null | Select-String -SimpleMatch " $dnsAddress/"
    if (-not $present) {
        $out = & ip addr add "$dnsAddress/32" dev lo 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Could not add $dnsAddress to the loopback interface (named listens only on interface addresses; run as root): $out" }
    }

    Stop-BenchDns
    $conf = @"
// The ATTR35 benchmark's authoritative server, written by bench/Invoke-Benchmark.ps1.
options {
    directory "$state";
    pid-file "$state/named.pid";
    session-keyfile "$state/session.key";
    managed-keys-directory "$state";
    listen-on port $dnsPort { $dnsAddress; };
    listen-on-v6 { none; };
    recursion no;
    allow-query { any; };
    dnssec-validation no;
    notify no;
    minimal-responses yes;
    querylog no;
};
controls { };
logging {
    channel bench { file "$state/named.log" versions 0 size 20m; print-time yes; severity info; };
    category default { bench; };
    category lame-servers { null; };
};
zone "bench.test" { type primary; file "$state/bench.test.zone"; };
zone "mail.protection.outlook.com" { type primary; file "$state/mail.protection.outlook.com.zone"; };
"@
    $confPath = Join-Path $state 'named.conf'
    Set-Content -Path $confPath -Value $conf -Encoding ascii
    $null = Invoke-Native (Get-Named) @('-c', $confPath)

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline) {
        $answer = & dig +short +tries=1 +time=1 -p $dnsPort "@$dnsAddress" (Get-DomainName 1) MX 2>$null
        if ($LASTEXITCODE -eq 0 -and $answer) { return }
        Start-Sleep -Milliseconds 250
    }
    throw "named did not answer on ${direct} within 60 s: $(Get-Content (Join-Path $state 'named.log') -Tail 20 -ErrorAction SilentlyContinue)"
}

function Stop-BenchDns {
    $pidFile = Join-Path $state 'named.pid'
    if (-not (Test-Path $pidFile)) { return }
    $namedPid = [int](Get-Content $pidFile -Raw)
    $process = Get-Process -Id $namedPid -ErrorAction SilentlyContinue
    if ($process -and $process.ProcessName -eq 'named') {
        $process.Kill()
        $null = $process.WaitForExit(10000)
    }
    Remove-Item $pidFile -ErrorAction SilentlyContinue
}

function Start-Helper {
    param([string] $Dll, [string[]] $Arguments, [string] $StateFile, [string] $Name)
    Remove-Item $StateFile -ErrorAction SilentlyContinue
    $process = Start-Process -FilePath 'dotnet' -ArgumentList (@($Dll) + $Arguments) -PassThru `
        -RedirectStandardOutput (Join-Path $state "$Name.out") -RedirectStandardError (Join-Path $state "$Name.err")
    $started.Add($process)
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while (-not (Test-Path $StateFile) -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    if (-not (Test-Path $StateFile)) { throw "$Name did not start: $(Get-Content (Join-Path $state "$Name.err") -Raw -ErrorAction SilentlyContinue)" }
    Start-Sleep -Milliseconds 100
}

function Start-Proxy([int] $Port, [double] $DelayMs, [string[]] $Faults = @()) {
    $file = Join-Path $state "proxy-$Port.json"
    Start-Helper -Dll $proxyDll -Name "proxy-$Port" -StateFile $file -Arguments (@(
        '--listen', "${proxyAddress}:$Port", '--upstream', $direct, '--delay-ms', [string]$DelayMs, '--state', $file) + $Faults)
    return $file
}

function Get-ProxyCount([string] $File) {
    Start-Sleep -Milliseconds 250
    $s = Get-Content -Raw $File | ConvertFrom-Json
    return [pscustomobject]@{
        Queries = [long]$s.UdpQueries + [long]$s.TcpQueries; Tcp = [long]$s.TcpQueries; MeanHeldMs = [double]$s.MeanHeldMs
        Dropped = [long]$s.Dropped; Duplicated = [long]$s.Duplicated; Late = [long]$s.LateReplies
    }
}

# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------

function Measure-Capacity([string] $Address, [int] $Port) {
    $output = Invoke-Native dnsperf @('-s', $Address, '-p', [string]$Port, '-d', (Join-Path $state 'dnsperf.txt'), '-l', [string]$perfSeconds, '-c', '4', '-Q', '500000')
    $qps = ($output | Select-String 'Queries per second:\s+([\d.]+)').Matches[0].Groups[1].Value
    $lost = ($output | Select-String 'Queries lost:\s+(\d+)').Matches[0].Groups[1].Value
    return [pscustomobject]@{ Qps = [double]$qps; Lost = [long]$lost }
}

function Invoke-Child {
    # A fresh pwsh (the local tool) runs the script; its last output line is JSON.
    param([string] $Script)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $output = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
    $json = $output | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1
    if (-not $json) { throw "The child pwsh printed no result:`n$($output -join "`n")" }
    return $json | ConvertFrom-Json
}

function Measure-MxRun {
    # Test-MxRecord over the first $Count domains in a fresh pwsh. The input streams from a file
    # and the output goes through a consumer, a count per Status, as a runbook's would.
    #   -Cold: one timed pass, the first thing the process does after Import-Module: what a
    #          runbook started for the job sees, JIT compilation of the module and DnsClient
    #          included.
    #   else:  an untimed warm-up pass over the same domains against named directly (JIT and
    #          tiering are one-time costs, not per-domain ones), then -Runs timed passes; the
    #          median is reported.
    param([int] $Count, [string] $Server, [int] $ThrottleLimit, [int] $Runs = 3, [switch] $Cold, [string] $Prefix = 'd', [string] $WarmServer = $direct)
    $file = Get-DomainFile -Count $Count -Prefix $Prefix
    $throttle = if ($ThrottleLimit -gt 0) { "-ThrottleLimit $ThrottleLimit" } else { '' }
    $warmUp = if ($Cold) { '' } else { "[IO.File]::ReadLines('$file') | Test-MxRecord -Server '$WarmServer' $throttle | Out-Null" }
    $passes = if ($Cold) { 1 } else { $Runs }
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$moduleManifest'
$warmUp
`$times = [Collections.Generic.List[double]]::new()
`$cpu = [Collections.Generic.List[double]]::new()
`$self = [Diagnostics.Process]::GetCurrentProcess()
foreach (`$pass in 1..$passes) {
    [GC]::Collect()
    `$status = @{}
    `$self.Refresh(); `$cpuBefore = `$self.TotalProcessorTime
    `$watch = [Diagnostics.Stopwatch]::StartNew()
    [IO.File]::ReadLines('$file') | Test-MxRecord -Server '$Server' $throttle | ForEach-Object { `$status[[string]`$_.Status]++ }
    `$watch.Stop()
    `$self.Refresh()
    `$times.Add(`$watch.Elapsed.TotalSeconds)
    `$cpu.Add((`$self.TotalProcessorTime - `$cpuBefore).TotalSeconds)
}
`$hwm = [long]((Get-Content /proc/`$PID/status | Select-String '^VmHWM:\s+(\d+)').Matches[0].Groups[1].Value)
[pscustomobject]@{ Seconds = `$times.ToArray(); Cpu = `$cpu.ToArray(); Status = `$status; PeakKB = `$hwm } | ConvertTo-Json -Compress
"@
    $result = Invoke-Child $script
    $statuses = @($result.Status.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
    $times = @($result.Seconds | ForEach-Object { [double]$_ } | Sort-Object)
    $median = $times[[int][math]::Floor(($times.Count - 1) / 2)]
    $cpus = @($result.Cpu | ForEach-Object { [double]$_ } | Sort-Object)
    return [pscustomobject]@{
        Count = $Count; ThrottleLimit = $ThrottleLimit; Seconds = $median; Times = $times; Passes = $passes
        CpuUsPerDomain = $cpus[[int][math]::Floor(($cpus.Count - 1) / 2)] * 1e6 / $Count
        Rate = $Count / $median; Status = $statuses; PeakMB = [double]$result.PeakKB / 1024
    }
}

function Get-DomainFile([int] $Count, [string] $Prefix = 'd') {
    $file = Join-Path $state "domains-$Prefix-$Count.txt"
    if (-not (Test-Path $file)) {
        $writer = [IO.StreamWriter]::new($file, $false, [Text.Encoding]::ASCII)
        try { for ($i = 1; $i -le $Count; $i++) { $writer.WriteLine(('{0}{1:D7}.bench.test' -f $Prefix, $i)) } } finally { $writer.Dispose() }
    }
    return $file
}

function Measure-DnsClientAlone {
    # DnsClient alone (bench/DnsClientAlone) in a fresh process: the same questions as
    # Test-MxRecord, at the same concurrency. Pass 1 is the fresh process's first pass; the
    # median of the later ones is the warm figure.
    param([int] $Count, [string] $Prefix, [int] $Concurrency, [int] $Passes = 4)
    $file = Get-DomainFile -Count $Count -Prefix $Prefix
    $output = Invoke-Native dotnet @($aloneDll, '--server', $direct, '--domains', $file, '--concurrency', [string]$Concurrency, '--passes', [string]$Passes)
    $result = ($output | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
    $times = @($result.Seconds | ForEach-Object { [double]$_ })
    $warm = @($times | Select-Object -Skip 1 | Sort-Object)
    $cpus = @($result.Cpu | ForEach-Object { [double]$_ })
    $warmCpu = @($cpus | Select-Object -Skip 1 | Sort-Object)
    return [pscustomobject]@{
        First = $times[0]; Warm = $warm[[int][math]::Floor(($warm.Count - 1) / 2)]; Times = $times; Answered = [long]$result.Answered; Failed = [long]$result.Failed
        FirstCpuUs = $cpus[0] * 1e6 / $Count; WarmCpuUs = $warmCpu[[int][math]::Floor(($warmCpu.Count - 1) / 2)] * 1e6 / $Count
    }
}

function Measure-Dig {
    # One dig process per lookup, one lookup at a time, as an admin's script would: MX, then A
    # and AAAA of the target. Timed over a sample and scaled to N.
    param([string] $Address, [int] $Port, [int] $Sample)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $lookups = 0
    for ($i = 1; $i -le $Sample; $i++) {
        $mx = & dig +short +tries=2 +time=2 -p $Port "@$Address" (Get-DomainName $i) MX
        $lookups++
        foreach ($line in @($mx)) {
            $target = ("$line" -split '\s+')[-1]
            if (-not $target) { continue }
            $null = & dig +short +tries=2 +time=2 -p $Port "@$Address" $target A
            $null = & dig +short +tries=2 +time=2 -p $Port "@$Address" $target AAAA
            $lookups += 2
        }
    }
    $watch.Stop()
    $perDomain = $watch.Elapsed.TotalSeconds / $Sample
    return [pscustomobject]@{ Sample = $Sample; Lookups = $lookups; Seconds = $perDomain * $N; Rate = 1 / $perDomain }
}

function Measure-Import {
    # Medians of fresh starts, alternating so drift hits both alike; one unmeasured start of each
    # first, for the file cache.
    $import = "Import-Module '$moduleManifest'"
    $bare = [Collections.Generic.List[double]]::new()
    $with = [Collections.Generic.List[double]]::new()
    for ($i = -1; $i -lt $ImportRuns; $i++) {
        foreach ($command in '1', $import) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $command)
            $watch.Stop()
            if ($i -ge 0) { if ($command -eq '1') { $bare.Add($watch.Elapsed.TotalMilliseconds) } else { $with.Add($watch.Elapsed.TotalMilliseconds) } }
        }
    }
    $median = { param($v) $s = @($v | Sort-Object); if ($s.Count % 2) { $s[[int][math]::Floor($s.Count / 2)] } else { ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2 } }
    return [pscustomobject]@{ BareMs = (& $median $bare); ImportMs = (& $median $with) }
}

function Measure-SmartHost {
    # 100 smart hosts, each its own name in DNS, probed over SMTP: 90 answered by the scripted
    # server's well-behaved 'good' listener (banner, EHLO, QUIT), 10 - every tenth - by its
    # 'silent' listener, which accepts and never says a word.
    param([int] $TimeoutSeconds)
    $fault = Get-Content -Raw (Join-Path $state 'fault.json') | ConvertFrom-Json
    $hosts = foreach ($i in 1..100) {
        $port = if ($i % 10 -eq 0) { $fault.silent } else { $fault.good }
        'sh{0:D3}.bench.test:{1}' -f $i, $port
    }
    $list = "'" + ($hosts -join "','") + "'"
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$moduleManifest'
`$null = Test-SmartHost 'sh001.bench.test:$($fault.good)' -Server '$direct' -Probe
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$results = @($list) | Test-SmartHost -Server '$direct' -Probe -TimeoutSeconds $TimeoutSeconds
`$watch.Stop()
`$connectErrors = @(`$results | Where-Object { `$_.Findings.Code -contains 'SmartHostConnectFailed' -or `$_.Findings.Code -contains 'SmartHostProtocolError' }).Count
[pscustomobject]@{ Seconds = `$watch.Elapsed.TotalSeconds; Results = `$results.Count; Silent = `$connectErrors; Banners = @(`$results | Where-Object { `$_.Probe.Banner }).Count } | ConvertTo-Json -Compress
"@
    return Invoke-Child $script
}

# ---------------------------------------------------------------------------------------------
# Get-Attr35Event: log mining against the baseline an admin would use (its own rows, own function)
# ---------------------------------------------------------------------------------------------

function New-EventLog([string] $Path, [int] $Lines) {
    # A Postfix log as a busy relay writes it: per message a qmgr from= line, then either a
    # delivery (status=sent) or an ATTR35 deferral; 30% of all lines are deferrals. Invented names.
    $writer = [IO.StreamWriter]::new($Path, $false, [Text.UTF8Encoding]::new($false), 1MB)
    try {
        $deferred = [int]($Lines * 0.3)
        $written = 0
        $d = 0
        $i = 0
        while ($written -lt $Lines) {
            $i++
            $id = '{0:X10}' -f $i
            $second = $i % 60
            $minute = [int][math]::Floor($i / 60) % 60
            $domain = 'd{0:D4}.bench.test' -f ($i % 5000)
            $writer.Write(("Dec  1 12:{0:D2}:{1:D2} relay1 postfix/qmgr[2210]: ${id}: from=<app{2}@tailspin.bench.test>, size=2048, nrcpt=1 (queue active)`n" -f $minute, $second, ($i % 97)))
            $written++
            if ($written -ge $Lines) { break }
            # Six messages in ten are deferred: two lines a message, so 30% of the lines.
            if ($d -lt $deferred -and ($i % 10) -lt 6) {
                $writer.Write(("Dec  1 12:{0:D2}:{1:D2} relay1 postfix/smtp[2211]: ${id}: to=<user{2}@$domain>, relay=$($domain -replace '\.', '-').mail.protection.outlook.com[198.51.100.25]:25, delay=0.52, delays=0.01/0.01/0.3/0.2, dsn=4.4.62, status=deferred (host $($domain -replace '\.', '-').mail.protection.outlook.com[198.51.100.25] said: 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information go to https://go.microsoft.com/fwlink/p/?linkid=865268 [DB8EUR05FT037.eop-eur05.prod.protection.outlook.com 2026-12-01T12:00:01.001Z 08DD11AA22BB33CC] (in reply to RCPT TO command))`n" -f $minute, $second, ($i % 1000)))
                $d++
            } else {
                $writer.Write(("Dec  1 12:{0:D2}:{1:D2} relay1 postfix/smtp[2211]: ${id}: to=<user{2}@$domain>, relay=mx.$domain[192.0.2.25]:25, delay=0.31, delays=0.01/0.01/0.1/0.19, dsn=2.0.0, status=sent (250 2.0.0 OK 1764590401 q1-20020a170902 - gsmtp)`n" -f $minute, $second, ($i % 1000)))
            }
            $written++
        }
        return $d
    } finally { $writer.Dispose() }
}

function Measure-Attr35Event {
    # Get-Attr35Event -Path vs Select-String -Path -Pattern ATTR35 over the same file in one
    # fresh process (alternating, after one warm-up pass of each), both piped to a counter; then
    # peak memory (VmHWM) of a fresh process reading EventLines and 10 x EventLines lines.
    $log = Join-Path $state "events-$EventLines.log"
    $deferrals = New-EventLog -Path $log -Lines $EventLines
    $bytes = (Get-Item $log).Length
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$moduleManifest'
`$null = Get-Attr35Event -Path '$log' | Measure-Object
`$null = Select-String -Path '$log' -Pattern ATTR35 | Measure-Object
`$events = [Collections.Generic.List[double]]::new(); `$select = [Collections.Generic.List[double]]::new()
`$counts = @{}
foreach (`$pass in 1..3) {
    [GC]::Collect()
    `$w = [Diagnostics.Stopwatch]::StartNew(); `$counts.Events = (Get-Attr35Event -Path '$log' | Measure-Object).Count; `$w.Stop(); `$events.Add(`$w.Elapsed.TotalSeconds)
    [GC]::Collect()
    `$w = [Diagnostics.Stopwatch]::StartNew(); `$counts.Matches = (Select-String -Path '$log' -Pattern ATTR35 | Measure-Object).Count; `$w.Stop(); `$select.Add(`$w.Elapsed.TotalSeconds)
}
[pscustomobject]@{ Events = `$events.ToArray(); Select = `$select.ToArray(); EventCount = `$counts.Events; MatchCount = `$counts.Matches } | ConvertTo-Json -Compress
"@
    $speed = Invoke-Child $script
    $median = { param($v) $x = @($v | ForEach-Object { [double]$_ } | Sort-Object); $x[[int][math]::Floor(($x.Count - 1) / 2)] }

    $large = Join-Path $state "events-$(10 * $EventLines).log"
    $stream = [IO.File]::Create($large)
    try { foreach ($copy in 1..10) { $in = [IO.File]::OpenRead($log); try { $in.CopyTo($stream) } finally { $in.Dispose() } } } finally { $stream.Dispose() }
    $memory = foreach ($file in $log, $large) {
        Invoke-Child @"
`$ErrorActionPreference = 'Stop'
Import-Module '$moduleManifest'
`$w = [Diagnostics.Stopwatch]::StartNew()
`$n = (Get-Attr35Event -Path '$file' | Measure-Object).Count
`$w.Stop()
`$hwm = [long]((Get-Content /proc/`$PID/status | Select-String '^VmHWM:\s+(\d+)').Matches[0].Groups[1].Value)
[pscustomobject]@{ Seconds = `$w.Elapsed.TotalSeconds; Events = `$n; PeakKB = `$hwm } | ConvertTo-Json -Compress
"@
    }
    Remove-Item $log, $large -ErrorAction SilentlyContinue
    [pscustomobject]@{
        Lines = $EventLines; Deferrals = $deferrals; MB = $bytes / 1MB
        EventSeconds = (& $median $speed.Events); SelectSeconds = (& $median $speed.Select)
        EventTimes = $speed.Events; SelectTimes = $speed.Select; EventCount = $speed.EventCount; MatchCount = $speed.MatchCount
        Small = $memory[0]; Large = $memory[1]
    }
}

function Get-Attr35EventRows($Result) {
    $ratio = $Result.EventSeconds / $Result.SelectSeconds
    $growth = ($Result.Large.PeakKB - $Result.Small.PeakKB) / 1024
    @(
        "| Select-String -Path <log> -Pattern ATTR35, $($Result.Lines) lines ($(F $Result.MB 'N0') MB) | $(F $Result.SelectSeconds) | | | median of 3 ($(($Result.SelectTimes | ForEach-Object { F $_ }) -join ', ') s); $($Result.MatchCount) matches |"
        "| Get-Attr35Event -Path <log>, same file, same process | $(F $Result.EventSeconds) | | $(F $ratio) x Select-String | median of 3 ($(($Result.EventTimes | ForEach-Object { F $_ }) -join ', ') s); $($Result.EventCount) events of $($Result.Deferrals) deferrals |"
        "| peak memory (VmHWM), Get-Attr35Event over $($Result.Lines) lines, fresh process | $(F $Result.Small.Seconds) | | | $(F ($Result.Small.PeakKB / 1024) 'N1') MB; $($Result.Small.Events) events |"
        "| peak memory (VmHWM), Get-Attr35Event over $(10 * $Result.Lines) lines, fresh process | $(F $Result.Large.Seconds) | | | $(F ($Result.Large.PeakKB / 1024) 'N1') MB (+$(F $growth 'N1') MB); $($Result.Large.Events) events |"
    )
}

function Get-Attr35EventTargets($Result) {
    $ratio = $Result.EventSeconds / $Result.SelectSeconds
    $growth = ($Result.Large.PeakKB - $Result.Small.PeakKB) / 1024
    @(
        "| Get-Attr35Event -Path within 3 x Select-String -Pattern ATTR35 ($($Result.Lines) lines, $($Result.Deferrals) deferrals) | $(F $ratio) x | $(if ($ratio -le 3) { 'yes' } else { 'NO' }) |"
        "| Get-Attr35Event peak memory flat: $(10 * $Result.Lines) lines at most 50 MB above $($Result.Lines) | +$(F $growth 'N1') MB | $(if ($growth -le 50) { 'yes' } else { 'NO' }) |"
    )
}

# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------

if ($EventsOnly) {
    $null = New-Item -ItemType Directory -Force -Path $state
    if (-not $SkipBuild) {
        Write-Step 'Building the module'
        $null = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $repo 'build.ps1'), '-Configuration', $Configuration)
    }
    $inv = [Globalization.CultureInfo]::InvariantCulture
    function F([double] $Value, [string] $Format = 'N2') { $Value.ToString($Format, $inv) }
    Write-Step "Get-Attr35Event: $EventLines-line log vs Select-String, then peak memory at $EventLines and $(10 * $EventLines) lines"
    $eventResult = Measure-Attr35Event
    $table = (@("ATTR35 benchmark, Get-Attr35Event rows only, $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $inv)) UTC, $([Environment]::ProcessorCount) cores, PowerShell $($PSVersionTable.PSVersion)", '',
        '| Measurement | Time (s) | Domains/s | Ratio | Notes |', '|---|---:|---:|---:|---|') + (Get-Attr35EventRows $eventResult) +
        @('', '| Target | Measured | Holds |', '|---|---|---|') + (Get-Attr35EventTargets $eventResult)) -join "`n"
    Set-Content -Path (Join-Path $state 'results-events.md') -Value $table -Encoding utf8
    Write-Host ''
    $table
    return
}

Assert-Prerequisite
$null = New-Item -ItemType Directory -Force -Path $state
Get-ChildItem $state -Filter 'domains-*.txt' -ErrorAction SilentlyContinue | Remove-Item
Push-Location $repo
try {
    if (-not $SkipBuild) {
        Write-Step 'Building the module, the proxy and the scripted SMTP server'
        $null = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $repo 'build.ps1'), '-Configuration', $Configuration)
        $null = Invoke-Native dotnet @('build', (Join-Path $repo 'bench/DnsDelayProxy/DnsDelayProxy.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet')
        $null = Invoke-Native dotnet @('build', (Join-Path $repo 'tests/FaultServer/FaultServer.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet')
        $null = Invoke-Native dotnet @('build', (Join-Path $repo 'bench/DnsClientAlone/DnsClientAlone.csproj'), '-c', $Configuration, '-nologo', '-v', 'quiet')
    }
    $defaultThrottle = Invoke-Child "Import-Module '$moduleManifest'; @{ D = (Get-Command Test-MxRecord).ImplementingType.GetField('DefaultThrottleLimit', [Reflection.BindingFlags]'Public,Static,FlattenHierarchy').GetValue(`$null) } | ConvertTo-Json -Compress"
    $defaultThrottle = [int]$defaultThrottle.D

    $targets = [int][math]::Ceiling($N / $TargetGroup)
    $zoneDomains = [math]::Max(10 * $N, 10 * $MemoryN)
    Write-Step "Zone: $zoneDomains domains, $targets MX targets (each shared by $TargetGroup of the first $N domains), $N domains with a target each"
    New-BenchZone -Domains $zoneDomains -Targets $targets -Unique $N
    $perf = foreach ($i in 1..$N) {
        "$(Get-DomainName $i) MX"
        if ($i % $TargetGroup -eq 0) { "$(Get-TargetName ($i / $TargetGroup)) A"; "$(Get-TargetName ($i / $TargetGroup)) AAAA" }
    }
    [IO.File]::WriteAllLines((Join-Path $state 'dnsperf.txt'), [string[]]$perf)

    Write-Step "Starting named on $direct, the proxy on $viaProxy (no delay), $viaDelay ($Rtt ms) and $viaLossy (lossy), the SMTP server on $smtpAddress"
    Start-BenchDns
    $proxyState = Start-Proxy $proxyPort 0
    $delayState = if ($Rtt -gt 0) { Start-Proxy $delayPort $Rtt } else { $null }
    $lossyState = Start-Proxy $lossyPort 0 @('--drop-rate', '0.03', '--duplicate-rate', '0.03', '--late-rate', '0.03', '--late-ms', '300')
    Start-Helper -Dll $faultDll -Name 'fault' -StateFile (Join-Path $state 'fault.json') -Arguments @('--address', $smtpAddress, '--state', (Join-Path $state 'fault.json'))

    Write-Step 'dnsperf: capacity of named, and through the proxy without delay'
    $capacity = Measure-Capacity $dnsAddress $dnsPort
    $proxyCapacity = Measure-Capacity $proxyAddress $proxyPort

    $sections = @([pscustomobject]@{ Delay = 0; Server = $direct })
    if ($Rtt -gt 0) { $sections += [pscustomobject]@{ Delay = [int]$Rtt; Server = $viaDelay } }
    $measured = [ordered]@{}
    foreach ($section in $sections) {
        $delay = $section.Delay
        $server = $section.Server
        $cap = if ($delay -eq 0) { $capacity.Qps } else { $proxyCapacity.Qps }
        $counter = if ($delay -eq 0) { $null } else { $delayState }
        $label = if ($delay -eq 0) { 'loopback, no added delay' } else { "$delay ms simulated RTT" }
        $runs = @{}
        $cold = @{}
        foreach ($tl in @($defaultThrottle, $HighThrottleLimit)) {
            Write-Step "Test-MxRecord, $label, -ThrottleLimit $tl, $N domains, first run in a fresh process"
            $cold[$tl] = Measure-MxRun -Count $N -Server $server -ThrottleLimit $tl -Cold
        }
        foreach ($tl in @($defaultThrottle, $HighThrottleLimit, 1)) {
            $count = if ($tl -eq 1 -and $delay -gt 0 -and $SequentialSample -gt 0) { [math]::Min($SequentialSample, $N) } else { $N }
            # One timed pass where one pass takes minutes (one at a time behind the delay).
            $passes = if ($tl -eq 1 -and $delay -gt 0) { 1 } else { 3 }
            Write-Step "Test-MxRecord, $label, -ThrottleLimit $tl, $count domains, after a warm-up: $passes timed pass$(if ($passes -gt 1) { 'es' })"
            $before = if ($counter) { Get-ProxyCount $counter } else { $null }
            $run = Measure-MxRun -Count $count -Server $server -ThrottleLimit $tl -Runs $passes
            if ($counter) {
                # The warm-up pass asked named directly; every timed pass went through the proxy.
                $after = Get-ProxyCount $counter
                $run | Add-Member QueriesPerDomain (($after.Queries - $before.Queries) / ($count * $run.Passes))
                $run | Add-Member MeanHeldMs $after.MeanHeldMs
            }
            $run | Add-Member Scaled ($run.Seconds * $N / $count)
            $runs[$tl] = $run
        }
        Write-Step "dig, one lookup at a time, $label, $DigSample domains"
        $digAddress, $digPort = $server -split ':'
        $dig = Measure-Dig -Address $digAddress -Port ([int]$digPort) -Sample $DigSample
        $measured["$delay"] = [pscustomobject]@{ Label = $label; Runs = $runs; Cold = $cold; Dig = $dig; Capacity = $cap; Delay = $delay }
    }

    # Test-MxRecord against DnsClient alone: the same questions, the same concurrency, both zones.
    $compare = [ordered]@{}
    foreach ($zone in @([pscustomobject]@{ Prefix = 'u'; Label = 'unique MX targets' }, [pscustomobject]@{ Prefix = 'd'; Label = "MX targets shared by $TargetGroup" })) {
        Write-Step "DnsClient alone, $($zone.Label), $CompareThrottleLimit in flight, $N domains: fresh process, 4 passes"
        $alone = Measure-DnsClientAlone -Count $N -Prefix $zone.Prefix -Concurrency $CompareThrottleLimit
        Write-Step "Test-MxRecord, $($zone.Label), -ThrottleLimit $CompareThrottleLimit, $N domains: first run in a fresh process, then warm"
        $moduleCold = Measure-MxRun -Count $N -Server $direct -ThrottleLimit $CompareThrottleLimit -Cold -Prefix $zone.Prefix
        $moduleWarm = Measure-MxRun -Count $N -Server $direct -ThrottleLimit $CompareThrottleLimit -Prefix $zone.Prefix
        $compare[$zone.Prefix] = [pscustomobject]@{ Label = $zone.Label; Alone = $alone; Cold = $moduleCold; Warm = $moduleWarm }
    }

    # A lossy network: the same proxy with and without faults, unique targets (three questions a domain).
    Write-Step "Test-MxRecord through the proxy without faults and with 3% drop, 3% duplicate, 3% late (300 ms), -ThrottleLimit $CompareThrottleLimit"
    $clean = Measure-MxRun -Count $N -Server $viaProxy -ThrottleLimit $CompareThrottleLimit -Prefix 'u'
    $lossyBefore = Get-ProxyCount $lossyState
    $lossy = Measure-MxRun -Count $N -Server $viaLossy -ThrottleLimit $CompareThrottleLimit -Prefix 'u'
    $lossyAfter = Get-ProxyCount $lossyState
    $lossyFaults = [pscustomobject]@{
        QueriesPerDomain = ($lossyAfter.Queries - $lossyBefore.Queries) / ($N * $lossy.Passes)
        Dropped = $lossyAfter.Dropped - $lossyBefore.Dropped; Duplicated = $lossyAfter.Duplicated - $lossyBefore.Duplicated; Late = $lossyAfter.Late - $lossyBefore.Late
    }

    Write-Step "Peak memory: $MemoryN and $(10 * $MemoryN) domains"
    $memSmall = Measure-MxRun -Count $MemoryN -Server $direct -ThrottleLimit 0 -Cold
    $memLarge = Measure-MxRun -Count (10 * $MemoryN) -Server $direct -ThrottleLimit 0 -Cold

    Write-Step "Import-Module time: median of $ImportRuns"
    $import = Measure-Import

    Write-Step "Get-Attr35Event: $EventLines-line log vs Select-String, then peak memory at $EventLines and $(10 * $EventLines) lines"
    $eventResult = Measure-Attr35Event

    Write-Step '100 smart hosts with -Probe, 10 of them silent'
    $smartTimeout = 5
    $smart = Measure-SmartHost -TimeoutSeconds $smartTimeout
} finally {
    foreach ($process in $started) {
        if (-not $process.HasExited) { $process.Kill(); $null = $process.WaitForExit(5000) }
    }
    Stop-BenchDns
    Pop-Location
}

# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------

$inv = [Globalization.CultureInfo]::InvariantCulture
function F([double] $Value, [string] $Format = 'N2') { $Value.ToString($Format, $inv) }
$rounds = 1 + $targets / $N
$queries = 1 + 2 * $targets / $N
$lines = [Collections.Generic.List[string]]::new()
$lines.Add("ATTR35 benchmark, $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $inv)) UTC, $([Environment]::ProcessorCount) cores, PowerShell $($PSVersionTable.PSVersion), N = $N, $targets MX targets (each shared by $TargetGroup domains), default -ThrottleLimit $defaultThrottle")
$lines.Add('')
$lines.Add('| Measurement | Time (s) | Domains/s | Ratio | Notes |')
$lines.Add('|---|---:|---:|---:|---|')
$lines.Add("| named capacity (dnsperf, direct) | | | | $(F $capacity.Qps 'N0') queries/s, $($capacity.Lost) lost |")
$lines.Add("| proxy capacity, no delay (dnsperf) | | | | $(F $proxyCapacity.Qps 'N0') queries/s, $($proxyCapacity.Lost) lost |")
foreach ($section in $measured.Values) {
    $rttSeconds = $section.Delay / 1000.0
    $fixed = $N * $queries / $section.Capacity
    $high = $section.Runs[$HighThrottleLimit]
    $one = $section.Runs[1]
    foreach ($tl in @($defaultThrottle, $HighThrottleLimit, 1)) {
        $run = $section.Runs[$tl]
        $ideal = $N * $rounds * $rttSeconds / $tl + $fixed
        $note = if ($run.Passes -gt 1) { "median of $($run.Passes) passes after a warm-up ($(($run.Times | ForEach-Object { F $_ }) -join ', ') s)" } else { 'one pass after a warm-up' }
        $note += "; status: $($run.Status)"
        if ($run.PSObject.Properties['QueriesPerDomain']) { $note += "; $(F $run.QueriesPerDomain) questions/domain at the proxy, held $(F $run.MeanHeldMs) ms on average" }
        if ($run.Count -ne $N) { $note += "; measured on $($run.Count) domains, time scaled to N" }
        $lines.Add("| $($section.Label): Test-MxRecord -ThrottleLimit $tl | $(F $run.Scaled) | $(F ($N / $run.Scaled) 'N0') | $(F ($run.Scaled / $ideal)) x ideal | $note |")
    }
    foreach ($tl in @($defaultThrottle, $HighThrottleLimit)) {
        $run = $section.Cold[$tl]
        $ideal = $N * $rounds * $rttSeconds / $tl + $fixed
        $lines.Add("| $($section.Label): Test-MxRecord -ThrottleLimit $tl, first run in a fresh process | $(F $run.Seconds) | $(F $run.Rate 'N0') | $(F ($run.Seconds / $ideal)) x ideal | what a runbook started for the job sees: JIT compilation included; status: $($run.Status) |")
    }
    foreach ($tl in @($defaultThrottle, $HighThrottleLimit)) {
        $ideal = $N * $rounds * $rttSeconds / $tl + $fixed
        $lines.Add("| $($section.Label): ideal bound at -ThrottleLimit $tl | $(F $ideal) | $(F ($N / $ideal) 'N0') | | N x $(F $rounds) rounds x $($section.Delay) ms / $tl + N x $(F $queries) questions / $(F $section.Capacity 'N0') per s |")
    }
    $lines.Add("| $($section.Label): dig, one lookup at a time | $(F $section.Dig.Seconds) | $(F ($N / $section.Dig.Seconds) 'N1') | $(F ($section.Dig.Seconds / $high.Scaled) 'N0') x slower than -ThrottleLimit $HighThrottleLimit | $($section.Dig.Lookups) dig runs over $($section.Dig.Sample) domains, scaled to N |")
    $lines.Add("| $($section.Label): -ThrottleLimit $HighThrottleLimit vs 1 | | | $(F ($one.Scaled / $high.Scaled) 'N1') x faster | |")
}
foreach ($c in $compare.Values) {
    $a = $c.Alone
    $lines.Add("| $($c.Label), $CompareThrottleLimit in flight: DnsClient alone, first pass of a fresh process | $(F $a.First) | $(F ($N / $a.First) 'N0') | | bench/DnsClientAlone: MX, then A and AAAA of each target (once per pass); $($a.Answered) domains answered, $($a.Failed) not; $(F $a.FirstCpuUs 'N0') us CPU/domain |")
    $lines.Add("| $($c.Label), $CompareThrottleLimit in flight: DnsClient alone, warm | $(F $a.Warm) | $(F ($N / $a.Warm) 'N0') | | median of passes 2 to $($a.Times.Count) ($(($a.Times | Select-Object -Skip 1 | ForEach-Object { F $_ }) -join ', ') s); $(F $a.WarmCpuUs 'N0') us CPU/domain |")
    $lines.Add("| $($c.Label): Test-MxRecord -ThrottleLimit $CompareThrottleLimit, first run in a fresh process | $(F $c.Cold.Seconds) | $(F $c.Cold.Rate 'N0') | $(F ($a.First / $c.Cold.Seconds)) x DnsClient alone's first pass | status: $($c.Cold.Status); $(F $c.Cold.CpuUsPerDomain 'N0') us CPU/domain ($(F ($c.Cold.CpuUsPerDomain / $a.FirstCpuUs)) x DnsClient alone's) |")
    $lines.Add("| $($c.Label): Test-MxRecord -ThrottleLimit $CompareThrottleLimit, warm | $(F $c.Warm.Seconds) | $(F $c.Warm.Rate 'N0') | $(F ($a.Warm / $c.Warm.Seconds)) x DnsClient alone warm | median of 3 passes after a warm-up ($(($c.Warm.Times | ForEach-Object { F $_ }) -join ', ') s); status: $($c.Warm.Status); $(F $c.Warm.CpuUsPerDomain 'N0') us CPU/domain ($(F ($c.Warm.CpuUsPerDomain / $a.WarmCpuUs)) x DnsClient alone's) |")
}
$lines.Add("| proxy without faults: Test-MxRecord -ThrottleLimit $CompareThrottleLimit, unique targets | $(F $clean.Seconds) | $(F $clean.Rate 'N0') | | median of 3 passes after a warm-up ($(($clean.Times | ForEach-Object { F $_ }) -join ', ') s); status: $($clean.Status) |")
$lines.Add("| proxy with 3% drop, 3% duplicate, 3% late (300 ms): Test-MxRecord -ThrottleLimit $CompareThrottleLimit, unique targets | $(F $lossy.Seconds) | $(F $lossy.Rate 'N0') | $(F ($lossy.Seconds / $clean.Seconds)) x without faults | median of 3 passes after a warm-up ($(($lossy.Times | ForEach-Object { F $_ }) -join ', ') s); status: $($lossy.Status); over the 3 passes the proxy dropped $($lossyFaults.Dropped), duplicated $($lossyFaults.Duplicated) and held $($lossyFaults.Late) answers; $(F $lossyFaults.QueriesPerDomain) datagrams/domain (3 questions) |")
$lines.Add("| peak memory (VmHWM), $MemoryN domains, fresh process | $(F $memSmall.Seconds) | $(F $memSmall.Rate 'N0') | | $(F $memSmall.PeakMB 'N1') MB; status: $($memSmall.Status) |")
$lines.Add("| peak memory (VmHWM), $(10 * $MemoryN) domains, fresh process | $(F $memLarge.Seconds) | $(F $memLarge.Rate 'N0') | | $(F $memLarge.PeakMB 'N1') MB (+$(F ($memLarge.PeakMB - $memSmall.PeakMB) 'N1') MB); status: $($memLarge.Status) |")
$lines.Add("| dotnet pwsh -NoProfile -Command 1 | $(F ($import.BareMs / 1000) 'N3') | | | median of $ImportRuns |")
$lines.Add("| dotnet pwsh -NoProfile -Command 'Import-Module ATTR35' | $(F ($import.ImportMs / 1000) 'N3') | | | median of $ImportRuns; Import-Module adds $(F ($import.ImportMs - $import.BareMs) 'N0') ms |")
foreach ($row in (Get-Attr35EventRows $eventResult)) { $lines.Add($row) }
$lines.Add("| 100 smart hosts -Probe, 10 silent, -TimeoutSeconds $smartTimeout | $(F $smart.Seconds) | | $(F ($smart.Seconds / $smartTimeout)) x one timeout | $($smart.Results) results, $($smart.Banners) banners read, $($smart.Silent) could not be probed |")

# The targets of the issue, checked against this run.
$lines.Add('')
$lines.Add('| Target | Measured | Holds |')
$lines.Add('|---|---|---|')
$loop = $measured['0']
$loopRate = $N / $loop.Runs[$defaultThrottle].Scaled
$loopCold = $loop.Cold[$defaultThrottle].Rate
$lines.Add("| loopback: at least 5,000 domains/s (N = $N, default -ThrottleLimit) | $(F $loopRate 'N0') domains/s after a warm-up; $(F $loopCold 'N0') in a fresh process | $(if ($loopRate -ge 5000 -and $loopCold -ge 5000) { 'yes' } elseif ($loopRate -ge 5000) { 'yes, after a warm-up only' } else { 'NO' }) |")
if ($Rtt -gt 0) {
    $d = $measured["$([int]$Rtt)"]
    $idealHigh = $N * $rounds * ($Rtt / 1000) / $HighThrottleLimit + $N * $queries / $d.Capacity
    $ratio = $d.Runs[$HighThrottleLimit].Scaled / $idealHigh
    $ratioCold = $d.Cold[$HighThrottleLimit].Seconds / $idealHigh
    $speedup = $d.Runs[1].Scaled / $d.Runs[$HighThrottleLimit].Scaled
    $lines.Add("| $Rtt ms RTT, -ThrottleLimit ${HighThrottleLimit}: within 1.25 x the ideal bound warm | $(F $ratio) x | $(if ($ratio -le 1.25) { 'yes' } else { 'NO' }) |")
    $lines.Add("| $Rtt ms RTT, -ThrottleLimit ${HighThrottleLimit}: within 1.5 x the ideal bound in a fresh process | $(F $ratioCold) x | $(if ($ratioCold -le 1.5) { 'yes' } else { 'NO' }) |")
    $lines.Add("| $Rtt ms RTT: -ThrottleLimit $HighThrottleLimit at least 30 x faster than 1 | $(F $speedup 'N1') x | $(if ($speedup -ge 30) { 'yes' } else { 'NO' }) |")
}
foreach ($c in $compare.Values) {
    $warmRatio = $c.Alone.Warm / $c.Warm.Seconds
    $coldRatio = $c.Alone.First / $c.Cold.Seconds
    $lines.Add("| $($c.Label): warm Test-MxRecord at least 0.8 x DnsClient alone ($CompareThrottleLimit in flight) | $(F $warmRatio) x | $(if ($warmRatio -ge 0.8) { 'yes' } else { 'NO' }) |")
    $lines.Add("| $($c.Label): fresh process's first pass at least 0.6 x DnsClient alone's | $(F $coldRatio) x | $(if ($coldRatio -ge 0.6) { 'yes' } else { 'NO' }) |")
}
$lossyRatio = $lossy.Seconds / $clean.Seconds
$lossyAllPass = $lossy.Status -eq "Pass $N"
$lines.Add("| 3% drop, 3% duplicate, 3% late: every domain Pass, within 1.5 x the proxy without faults | $(F $lossyRatio) x; status: $($lossy.Status) | $(if ($lossyRatio -le 1.5 -and $lossyAllPass) { 'yes' } else { 'NO' }) |")
$growth = $memLarge.PeakMB - $memSmall.PeakMB
$lines.Add("| peak memory for $(10 * $MemoryN) domains at most 50 MB above $MemoryN | +$(F $growth 'N1') MB | $(if ($growth -le 50) { 'yes' } else { 'NO' }) |")
$importCost = $import.ImportMs - $import.BareMs
$lines.Add("| Import-Module adds at most 100 ms (median of paired runs) | $(F $importCost 'N0') ms | $(if ($importCost -le 100) { 'yes' } else { 'NO' }) |")
foreach ($row in (Get-Attr35EventTargets $eventResult)) { $lines.Add($row) }
$smartRatio = $smart.Seconds / $smartTimeout
$lines.Add("| 100 smart hosts, 10 silent: within 1.5 x one timeout | $(F $smartRatio) x | $(if ($smartRatio -le 1.5) { 'yes' } else { 'NO' }) |")

$table = $lines -join "`n"
Set-Content -Path (Join-Path $state 'results.md') -Value $table -Encoding utf8
Write-Host ''
$table
