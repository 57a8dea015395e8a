BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # The scripted DNS server comes from the test library (tests/FaultServer), loaded into this
    # process: the tests read its counters (datagrams, questions by name) while a run goes on,
    # which a separate process could only report through files. build.ps1 -Task Test builds it;
    # without it these tests fail.
    if (-not ('ATTR35.FaultServer.ScaleDnsScript' -as [type])) {
        $faultDll = Join-Path $env:ATTR35_REPO "tests/FaultServer/bin/$env:ATTR35_CONFIGURATION/net10.0/FaultServer.dll"
        if (-not (Test-Path $faultDll)) { throw "The scripted server library is not built: $faultDll (build.ps1 -Task Test builds it)." }
        Add-Type -Path $faultDll
    }

    function Invoke-InRunspace {
        # Runs a script in a runspace of this process with the module imported; returns the
        # PowerShell object, started, for the test to stop or wait on.
        param([string] $Script, [hashtable] $Parameters = @{})
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$env:ATTR35_MODULE'").AddStatement().AddScript($Script)
        foreach ($name in $Parameters.Keys) { $null = $ps.AddParameter($name, $Parameters[$name]) }
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        return [pscustomobject]@{ PowerShell = $ps; Handle = $handle; Output = $output }
    }
}

Describe 'Test-MxRecord under concurrency (scripted DNS server)' {
    BeforeEach {
        $script:dns = [ATTR35.FaultServer.ScaleDnsScript]::Start()
        $script:server = $script:dns.EndPoint.ToString()
    }

    AfterEach {
        $script:dns.Dispose()
    }

    It 'keeps input order with -ThrottleLimit 64 while later items finish first' {
        # Slow items (40-300 ms) lead, fast, failing and invalid ones follow: under concurrency the
        # later ones finish first, and must still come out after them.
        $inputs = foreach ($i in 0..299) {
            switch ($i % 6) {
                0 { "slow-$i.scale.test" }
                1 { "fast-$i.scale.test" }
                2 { "gone-$i.scale.test" }
                3 { "fail-$i.scale.test" }
                4 { "bad..$i.scale.test" }
                5 { "slow-$i.scale.test" }
            }
        }
        $output = $inputs | Test-MxRecord -Server $script:server -ThrottleLimit 64 -TimeoutSeconds 5 -ErrorAction Continue 2>&1
        $names = foreach ($item in $output) {
            if ($item -is [System.Management.Automation.ErrorRecord]) { [string]$item.TargetObject } else { $item.DomainName }
        }
        $names | Should -Be $inputs
        ($output | Where-Object { $_ -is [ATTR35.MxRecordResult] } | Group-Object Status -AsHashTable -AsString).Keys | Sort-Object |
            Should -Be @('Error', 'Fail', 'Pass')
        @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 50
        # The mechanism, not the clock: the server saw many questions open at once, so items ran
        # concurrently (one at a time it would be 1) and later, faster ones were answered first.
        $script:dns.MostInFlight | Should -BeGreaterOrEqual 8 -Because 'up to 64 items are checked at once'
    }

    It 'asks each question once: 200 items, 100 domains each given twice, 4 shared MX targets' {
        $inputs = foreach ($i in 1..100) { "fast-$i.scale.test"; "FAST-$i.scale.test." }
        $results = $inputs | Test-MxRecord -Server $script:server -ThrottleLimit 64
        $results | Should -HaveCount 200
        @($results | Where-Object Status -ne 'Pass') | Should -HaveCount 0
        foreach ($i in 1..100) { $script:dns.Count('MX', "fast-$i.scale.test") | Should -Be 1 -Because "MX fast-$i was asked" }
        foreach ($t in 0..3) {
            $script:dns.Count('A', "t$t.mail.protection.outlook.com") | Should -Be 1
            $script:dns.Count('AAAA', "t$t.mail.protection.outlook.com") | Should -Be 1
        }
        $script:dns.Received | Should -Be 108
    }

    It 'stops at Stop() without waiting for the timeouts, with nothing left on the network' {
        $run = Invoke-InRunspace -Script {
            param($Server)
            1..5000 | ForEach-Object { "hang-$_.scale.test" } | Test-MxRecord -Server $Server -ThrottleLimit 64 -TimeoutSeconds 30
        } -Parameters @{ Server = $script:server }
        try {
            # Until the first 64 questions are out (about a second on a quiet machine): waited for,
            # not assumed, so a loaded machine only takes longer.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($script:dns.Received -lt 64 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Running'
            $script:dns.Received | Should -BeGreaterOrEqual 64
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $run.PowerShell.Stop()
            $watch.Stop()
            # A hang bound, not a speed test: each question waits up to 30 s (-TimeoutSeconds), so a
            # Stop() that waited for the work in flight would take 30 s or more; 10 s leaves room for a
            # loaded machine and still proves the stop did not wait for the timeouts.
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $run.Output | Should -HaveCount 0

            # Unstopped, each question would be sent again 1, 3 and 7 s after its first send.
            Start-Sleep -Milliseconds 300
            $sent = $script:dns.Received
            Start-Sleep -Milliseconds 2500
            $script:dns.Received | Should -Be $sent -Because 'no question may still be retried after the stop'
        } finally {
            $run.PowerShell.Dispose()
        }
    }

    It 'reports progress on a long run: checked and failing counts, then completed' {
        $run = Invoke-InRunspace -Script {
            param($Server)
            $ProgressPreference = 'Continue'
            1..40 | ForEach-Object { if ($_ % 4) { "slow-$_.scale.test" } else { "gone-$_.scale.test" } } |
                Test-MxRecord -Server $Server -ThrottleLimit 2
        } -Parameters @{ Server = $script:server }
        try {
            $null = $run.PowerShell.EndInvoke($run.Handle)
            $progress = @($run.PowerShell.Streams.Progress)
            $run.Output | Should -HaveCount 40
            $progress.Count | Should -BeGreaterThan 1
            $progress[0].Activity | Should -Be 'Test-MxRecord'
            $progress[0].StatusDescription | Should -Match '^[\d,.]+ checked, [\d,.]+ failing, \d+ in progress$'
            $progress[-1].RecordType | Should -Be 'Completed'
            $progress[-1].StatusDescription | Should -Match '^40 checked, 10 failing'
        } finally {
            $run.PowerShell.Dispose()
        }
    }

    It 'shows no progress with <Case>' -TestCases @(
        @{ Case = '-Quiet'; Script = { param($Server) $ProgressPreference = 'Continue'; 1..40 | ForEach-Object { "slow-$_.scale.test" } | Test-MxRecord -Server $Server -ThrottleLimit 2 -Quiet } }
        @{ Case = 'ProgressPreference SilentlyContinue'; Script = { param($Server) $ProgressPreference = 'SilentlyContinue'; 1..40 | ForEach-Object { "slow-$_.scale.test" } | Test-MxRecord -Server $Server -ThrottleLimit 2 } }
    ) {
        $run = Invoke-InRunspace -Script $Script -Parameters @{ Server = $script:server }
        try {
            $null = $run.PowerShell.EndInvoke($run.Handle)
            $run.Output | Should -HaveCount 40
            @($run.PowerShell.Streams.Progress) | Should -HaveCount 0
        } finally {
            $run.PowerShell.Dispose()
        }
    }
}

Describe 'Test-MxRecord asks the lab server each question once' -Tag 'Lab' {
    BeforeAll {
        $script:labDns = Get-LabDns
        $script:log = (Get-Lab).Dns.Log
    }

    It 'sends one MX question for a domain given 50 times, and one A question for the target of 50 domains' {
        function Get-QueryCount([string] $Pattern) { @(Select-String -Path $script:log -Pattern $Pattern).Count }
        $mxPattern = 'query: good\.lab\.example IN MX '
        $aPattern = 'query: good-lab-example\.mail\.protection\.outlook\.com IN A '
        $mxBefore = Get-QueryCount $mxPattern
        $aBefore = Get-QueryCount $aPattern

        $inputs = @(1..50 | ForEach-Object { 'good.lab.example'; 'GOOD.lab.example.' })
        $results = $inputs | Test-MxRecord -Server $script:labDns -ThrottleLimit 64
        $results | Should -HaveCount 100
        @($results | Where-Object Status -ne 'Pass') | Should -HaveCount 0

        $deadline = [DateTime]::UtcNow.AddSeconds(3)
        while ((Get-QueryCount $mxPattern) -eq $mxBefore -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Start-Sleep -Milliseconds 300
        (Get-QueryCount $mxPattern) - $mxBefore | Should -Be 1
        (Get-QueryCount $aPattern) - $aBefore | Should -Be 1
    }
}
