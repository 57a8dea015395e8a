#Requires -Version 7.2
# Retransmission that follows the network, through bench/DnsDelayProxy in front of the lab's BIND
# server: a lossy network (drops, duplicates, late answers), a slow one, a fast one that loses
# the first copy of every question, and a silent first -Server. Timing is read as counts: the
# proxy notes when each question's second copy came (buckets under 100, 250, 500, 1000 ms, later)
# and how many copies each server was sent.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:labDns = Get-LabDns
    $configuration = if ($env:ATTR35_CONFIGURATION) { $env:ATTR35_CONFIGURATION } else { 'Release' }
    $script:proxyDll = Join-Path $env:ATTR35_REPO "bench/DnsDelayProxy/bin/$configuration/net10.0/DnsDelayProxy.dll"
    if (-not (Test-Path $script:proxyDll)) { throw "The DNS proxy is not built ($script:proxyDll): run the suite with ./build.ps1 -Task Test." }
    $script:proxies = [Collections.Generic.List[object]]::new()

    function Start-LossyProxy {
        # A proxy on 127.0.0.1 (a port of the system's choosing) in front of the lab's BIND.
        param([string[]] $Faults = @())
        $state = Join-Path $TestDrive "proxy-$([guid]::NewGuid().ToString('n')).json"
        $process = Start-Process -FilePath 'dotnet' -PassThru -RedirectStandardOutput "$state.out" -RedirectStandardError "$state.err" -ArgumentList (@(
                $script:proxyDll, '--listen', '127.0.0.1:0', '--upstream', $script:labDns, '--delay-ms', '0', '--state', $state) + $Faults)
        $script:proxies.Add($process)
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (Test-Path $state) -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        if (-not (Test-Path $state)) { throw "The DNS proxy did not start: $(Get-Content -Raw "$state.err" -ErrorAction SilentlyContinue)" }
        $endpoint = (Get-Content -Raw $state | ConvertFrom-Json).Listen
        return [pscustomobject]@{ Process = $process; State = $state; Endpoint = $endpoint }
    }

    function Read-Proxy($Proxy) {
        # The state file is rewritten every 100 ms.
        Start-Sleep -Milliseconds 300
        return Get-Content -Raw $Proxy.State | ConvertFrom-Json
    }

    function Get-BulkDomain([int] $From, [int] $To) { $From..$To | ForEach-Object { "bulk$_.lab.example" } }
}

AfterAll {
    foreach ($process in $script:proxies) {
        if (-not $process.HasExited) { $process.Kill(); $null = $process.WaitForExit(5000) }
    }
}

Describe 'Test-MxRecord on a network that loses, repeats and delays datagrams' -Tag 'Lab' {
    It 'gives every domain exactly one result, in input order, all Pass, through 3% drops, 3% duplicates and 3% late answers' {
        $proxy = Start-LossyProxy -Faults @('--drop-rate', '0.03', '--duplicate-rate', '0.03', '--late-rate', '0.03', '--late-ms', '300')
        $inputs = @(Get-BulkDomain 1 400)
        $results = @($inputs | Test-MxRecord -Server $proxy.Endpoint -ThrottleLimit 64 -TimeoutSeconds 5)
        $results | Should -HaveCount 400
        $results.DomainName | Should -Be $inputs
        @($results | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        $state = Read-Proxy $proxy
        # Each fault really happened, more than once.
        $state.Dropped | Should -BeGreaterThan 5
        $state.Duplicated | Should -BeGreaterThan 5
        $state.LateReplies | Should -BeGreaterThan 5
    }

    It 'hears a server whose answers are all held 800 ms (-TimeoutSeconds 5) right after it was measured fast' {
        # 60 questions answered at once teach the estimate a loopback round trip; then every answer
        # is held 800 ms. Copies go out from 100 ms on, and the answer to the first is heard.
        $proxy = Start-LossyProxy -Faults @('--clean-first', '60', '--late-rate', '1', '--late-ms', '800')
        $warm = @(Get-BulkDomain 1 20 | Test-MxRecord -Server $proxy.Endpoint -ThrottleLimit 1 -TimeoutSeconds 5)
        @($warm | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        $results = @(Get-BulkDomain 21 40 | Test-MxRecord -Server $proxy.Endpoint -ThrottleLimit 20 -TimeoutSeconds 5)
        $results | Should -HaveCount 20
        @($results | Where-Object Status -eq 'Error') | Should -HaveCount 0
        @($results | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        $state = Read-Proxy $proxy
        $state.LateReplies | Should -BeGreaterOrEqual 60
        # The estimate said "fast", so the held questions were sent again before their answers came.
        $state.Retransmitted | Should -BeGreaterThan 0
    }

    It 'sends a dropped question again well before a tenth of -TimeoutSeconds once the server is known to be fast' {
        # 60 clean questions, then the first copy of every question is lost. A tenth of 5 s is
        # 500 ms, the fixed first retransmission before anything is measured.
        $proxy = Start-LossyProxy -Faults @('--clean-first', '60', '--drop-first-copy')
        $warm = @(Get-BulkDomain 41 60 | Test-MxRecord -Server $proxy.Endpoint -ThrottleLimit 1 -TimeoutSeconds 5)
        @($warm | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        $results = @(Get-BulkDomain 61 100 | Test-MxRecord -Server $proxy.Endpoint -ThrottleLimit 8 -TimeoutSeconds 5)
        $results | Should -HaveCount 40
        @($results | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        $state = Read-Proxy $proxy
        $state.Dropped | Should -Be 120 -Because 'each of the 40 domains asks MX, then A and AAAA of its own target'
        $state.Retransmitted | Should -BeGreaterOrEqual 120
        # SecondCopyAfterMs: second copies under 100, 250, 500, 1000 ms and later.
        $soon = [long]$state.SecondCopyAfterMs[0] + [long]$state.SecondCopyAfterMs[1]
        $soon | Should -BeGreaterOrEqual 120 -Because "every lost question was sent again within 250 ms (buckets: $($state.SecondCopyAfterMs -join ', '))"
    }

    It 'asks the second -Server after one retransmission interval of a silent first one, and the silent one only once per question' {
        $silent = Start-LossyProxy -Faults @('--drop-rate', '1')
        $inputs = @(Get-BulkDomain 101 110)
        $results = @($inputs | Test-MxRecord -Server $silent.Endpoint, $script:labDns -ThrottleLimit 10 -TimeoutSeconds 5)
        $results.DomainName | Should -Be $inputs
        @($results | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        $state = Read-Proxy $silent
        # 30 questions, each sent to the silent server once: the lab server's answer came within
        # the silent one's first interval (500 ms). Waiting the whole 5 s for it would have sent
        # each question there four times (at 0, 0.5, 1.5 and 3.5 s).
        $state.Questions | Should -Be 30
        $state.UdpQueries | Should -Be 30
        $state.Retransmitted | Should -Be 0
    }
}
