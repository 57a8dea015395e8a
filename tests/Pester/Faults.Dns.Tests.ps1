#Requires -Version 7.2
# The DNS fault matrix: every way a DNS server can fail the cmdlets, with the result each must
# give (Status, finding Code) and the time it must give it in (Bound, seconds, for the whole call).
# Servers: 'bind' is the lab's BIND server (faults it produces from tests/Lab/Dns/zones), any other
# name is a scenario of the scripted DNS server (tests/FaultServer --dns). Several servers are
# -Server entries in that order.

BeforeDiscovery {
    # T is -TimeoutSeconds; each DNS question may take up to T per server asked, and a check asks
    # at most two rounds of questions (MX, then the targets' A and AAAA).
    # Bound is what the time proves, with room for a loaded machine (no speed is asserted):
    # - a fault answered at once: T = 10, Bound = 5 (half of T): the cmdlet never waited for a
    #   timeout it should not wait for, however busy the machine;
    # - a fault that costs one timeout: T = 4, Bound = 7 (between T and 2T): it gave up after T,
    #   not after two timeouts, and the message names T ('within 4 s');
    # - slow (1.5 s) at T = 1: the Error and 'within 1 s' prove it gave up at T before the answer
    #   came (waiting for it would have passed); Bound = 5 only bounds a hang.
    $script:Matrix = @(
        # No answer, or an answer that is no answer.
        @{ Fault = 'no answer at all (UDP and TCP)'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'silent'; T = 4; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 7; Match = 'no answer from 127\.0\.0\.1:\d+ within 4 s' }
        @{ Fault = 'SERVFAIL'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'servfail'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'SERVFAIL from' }
        @{ Fault = 'REFUSED (scripted)'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'refused'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'REFUSED from' }
        @{ Fault = 'REFUSED (BIND, a zone it does not serve)'; Cmdlet = 'Test-MxRecord'; Target = 'notserved.invalid'; Servers = 'bind'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'REFUSED from 127\.53\.0\.1' }
        @{ Fault = 'NOTIMP (another response code)'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'notimp'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'NotImplemented' }
        @{ Fault = 'an answer for another name'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'othername'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'holds records for other\.invalid, not for good\.lab\.example' }
        @{ Fault = 'an answer to another question'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'otherquestion'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'answered the question MX other\.invalid' }
        @{ Fault = 'a response with another transaction id'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'wrongid'; T = 4; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 7; Match = 'another transaction id' }
        @{ Fault = 'garbage bytes as the response'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'garbage'; T = 4; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 7; Match = '^[^\r\n]+$' }
        @{ Fault = 'an MX target whose labels hold CR LF, ESC and NUL'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'hostilemx'; T = 10; Status = 'Fail'; Code = 'MxTargetUnresolvable'; Bound = 5; Match = 'cr\\013\\010quit\..*is not a host name'; Clean = $true }
        @{ Fault = 'a header promising answers that never come'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'malformed'; T = 4; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 7; Match = '^[^\r\n]+$' }

        # Truncation: the full answer only comes over TCP.
        @{ Fault = 'an MX set too large for UDP (BIND sets TC, 90 records over TCP)'; Cmdlet = 'Test-MxRecord'; Target = 'big.lab.example'; Servers = 'bind'; T = 10; Status = 'Pass'; Code = 'MxNotMicrosoft365'; Bound = 5; Records = 90 }
        @{ Fault = 'a truncated empty UDP answer, the real one over TCP'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'truncated'; T = 10; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 5; Records = 1 }
        @{ Fault = 'a truncated UDP answer and TCP closed at once'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'truncnotcp'; T = 4; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 7; Match = 'ended the exchange without a usable answer' }

        # Aliases.
        @{ Fault = 'NXDOMAIN for an MX target'; Cmdlet = 'Test-MxRecord'; Target = 'nxtarget.lab.example'; Servers = 'bind'; T = 10; Status = 'Fail'; Code = 'MxTargetUnresolvable'; Bound = 5; Match = 'does not exist' }
        @{ Fault = 'a CNAME loop behind an MX target (BIND: SERVFAIL)'; Cmdlet = 'Test-MxRecord'; Target = 'cnameloop.lab.example'; Servers = 'bind'; T = 10; Status = 'Fail'; Code = 'MxTargetUnresolvable'; Bound = 5; Match = 'loops back to loop-a\.lab\.example' }
        @{ Fault = 'an MX target that is a chain of three CNAMEs'; Cmdlet = 'Test-MxRecord'; Target = 'cnamechain.lab.example'; Servers = 'bind'; T = 10; Status = 'Warning'; Code = 'MxTargetIsAlias'; Bound = 5; Match = 'hop2\.lab\.example -> hop3\.lab\.example -> cnamechain-lab-example' }
        @{ Fault = 'an MX target behind ten CNAMEs'; Cmdlet = 'Test-MxRecord'; Target = 'longchain.lab.example'; Servers = 'bind'; T = 10; Status = 'Warning'; Code = 'MxTargetIsAlias'; Bound = 5; Match = 'long10\.lab\.example -> good-lab-example' }

        # Slow, but within the timeout; and slower than it.
        @{ Fault = 'a server that answers after 1.5 s, T = 3 s'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'slow'; T = 3; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 6.5 }
        @{ Fault = 'a server that answers after 1.5 s, T = 1 s'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'slow'; T = 1; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'no answer .* within 1 s' }

        # Mixed results across -Server entries: the next server is asked after a failure, never after an answer.
        @{ Fault = 'silent, then BIND'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'silent', 'bind'; T = 2; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 5 }
        @{ Fault = 'SERVFAIL, then BIND'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'servfail', 'bind'; T = 10; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 5 }
        @{ Fault = 'REFUSED, then BIND'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'refused', 'bind'; T = 10; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 5 }
        @{ Fault = 'an answer for another name, then BIND'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'othername', 'bind'; T = 10; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 5 }
        @{ Fault = 'BIND, then silent (never asked)'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'bind', 'silent'; T = 10; Status = 'Pass'; Code = 'MxAssignedHost'; Bound = 5 }
        @{ Fault = 'NXDOMAIN from BIND, then silent (an answer ends the search)'; Cmdlet = 'Test-MxRecord'; Target = 'missing.lab.example'; Servers = 'bind', 'silent'; T = 10; Status = 'Fail'; Code = 'MxDomainNotFound'; Bound = 5 }
        @{ Fault = 'SERVFAIL, then REFUSED: both named'; Cmdlet = 'Test-MxRecord'; Target = 'good.lab.example'; Servers = 'servfail', 'refused'; T = 10; Status = 'Error'; Code = 'MxLookupFailed'; Bound = 5; Match = 'SERVFAIL from .*; REFUSED from' }

        # The same faults under Test-SmartHost (the smart host's MX lookup) ...
        @{ Fault = 'no answer at all'; Cmdlet = 'Test-SmartHost'; Target = 'good.lab.example'; Servers = 'silent'; T = 4; Status = 'Error'; Code = 'SmartHostLookupFailed'; Bound = 7 }
        @{ Fault = 'SERVFAIL'; Cmdlet = 'Test-SmartHost'; Target = 'good.lab.example'; Servers = 'servfail'; T = 10; Status = 'Error'; Code = 'SmartHostLookupFailed'; Bound = 5 }
        @{ Fault = 'an answer for another name'; Cmdlet = 'Test-SmartHost'; Target = 'good.lab.example'; Servers = 'othername'; T = 10; Status = 'Error'; Code = 'SmartHostLookupFailed'; Bound = 5 }
        @{ Fault = 'a server that answers after 1.5 s, T = 3 s'; Cmdlet = 'Test-SmartHost'; Target = 'good.lab.example'; Servers = 'slow'; T = 3; Status = 'Pass'; Code = 'SmartHostNoReference'; Bound = 6.5 }
        @{ Fault = 'a truncated empty UDP answer, the real one over TCP'; Cmdlet = 'Test-SmartHost'; Target = 'good.lab.example'; Servers = 'truncated'; T = 10; Status = 'Pass'; Code = 'SmartHostNoReference'; Bound = 5 }
        @{ Fault = 'an MX target whose labels hold CR LF, ESC and NUL'; Cmdlet = 'Test-SmartHost'; Target = 'good.lab.example'; Servers = 'hostilemx'; T = 10; Status = 'Fail'; Code = 'SmartHostUnresolvable'; Bound = 5; Clean = $true }
        @{ Fault = 'a CNAME loop behind the MX target'; Cmdlet = 'Test-SmartHost'; Target = 'cnameloop.lab.example'; Servers = 'bind'; T = 10; Status = 'Fail'; Code = 'SmartHostUnresolvable'; Bound = 5 }
        @{ Fault = 'the reference domain''s MX lookup fails (SERVFAIL)'; Cmdlet = 'Test-SmartHost'; Target = '[relay.lab.example]'; Servers = 'servfail'; T = 10; Status = 'Error'; Code = 'SmartHostLookupFailed'; Bound = 5; Extra = @{ DomainName = 'good.lab.example' } }

        # ... and under Test-InboundConnector -SendingServer (the server's address lookup).
        @{ Fault = 'no answer at all'; Cmdlet = 'Test-InboundConnector'; Target = 'fault.lab.example:25'; Servers = 'silent'; T = 4; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; Bound = 7; Match = 'could not be looked up' }
        @{ Fault = 'an answer to another question'; Cmdlet = 'Test-InboundConnector'; Target = 'fault.lab.example:25'; Servers = 'otherquestion'; T = 10; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; Bound = 5; Match = 'could not be looked up' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'Hardening.ps1')
    $script:dns = Get-LabDns
    $script:lab = Get-Lab
    if (-not $script:lab.FaultDns) { throw 'The scripted DNS server is not running.' }
    # Test-InboundConnector -SendingServer needs connectors; none of them matters here.
    $script:connectors = @([pscustomobject]@{ Name = 'By address'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.25') })
}

AfterAll {
    Save-HardeningTally -Name 'faults-dns'
}

Describe 'DNS fault matrix' -Tag 'Lab' {
    It '<Cmdlet> <Target>, servers <Servers>: <Fault> gives <Status> with <Code> within <Bound> s' -TestCases $script:Matrix {
        $servers = @($Servers | ForEach-Object { Get-LabServer -Name $_ -Lab $script:lab })
        $parameters = @{ Server = $servers; TimeoutSeconds = $T }
        $pipe = @()
        switch ($Cmdlet) {
            'Test-MxRecord' { $parameters.DomainName = $Target }
            'Test-SmartHost' { $parameters.SmartHost = $Target }
            'Test-InboundConnector' { $parameters.SendingServer = $Target; $pipe = $script:connectors }
        }
        if ($Extra) { $parameters += $Extra }
        $call = if ($pipe) { Invoke-Bounded -Command $Cmdlet -Parameters $parameters -InputObject $pipe -Bound $Bound } else { Invoke-Bounded -Command $Cmdlet -Parameters $parameters -Bound $Bound }
        $problem = Register-Call -Call $call -Kind Fault -Label "$Cmdlet $Target ($Fault)"
        $problem | Should -BeNullOrEmpty
        $call.Errors | Should -BeNullOrEmpty
        $call.Output | Should -HaveCount 1
        $result = $call.Output[0]
        $result.Status | Should -Be $Status -Because "the findings were: $($result.Findings.Code -join ', ') / $($result.Findings[0].Message)"
        $finding = @($result.Findings | Where-Object Code -eq $Code)
        $finding | Should -Not -BeNullOrEmpty -Because "the findings were: $($result.Findings.Code -join ', ')"
        if ($Match) { $finding[0].Message | Should -Match $Match }
        $finding[0].Message | Should -Not -Match '[\r\n]' -Because 'a finding is one sentence'
        if ($Records) { @($result.Records) | Should -HaveCount $Records }
        if ($Clean) { (Get-AllResultText $result) -join " " | Should -Not -Match '[\p{Cc}\p{Cf}\p{Zl}]' -Because 'nothing a server sent reaches the result raw' }
    }
}

Describe 'DNS faults: what the cmdlets say besides the status' -Tag 'Lab' {
    It 'tells with -Verbose each server asked and what it answered' {
        $servers = (Get-LabServer servfail $script:lab), (Get-LabServer bind $script:lab)
        $call = Invoke-Bounded -Command 'Test-MxRecord' -Parameters @{ DomainName = 'good.lab.example'; Server = $servers; TimeoutSeconds = 10; Verbose = $true } -Bound 5
        Register-Call -Call $call -Kind Fault -Label 'verbose failover' | Should -BeNullOrEmpty
        $call.Output[0].Status | Should -Be 'Pass'
        $call.Output[0].NameServer | Should -Be $script:dns
        ($call.Verbose.Message -join "`n") | Should -Match "MX good\.lab\.example: MX 0 good-lab-example\.mail\.protection\.outlook\.com from $([regex]::Escape($script:dns))"
    }

    It 'keeps the results of the other domains when one server fails them all (input order kept)' {
        $domains = 'good.lab.example', 'legacy.lab.example', 'missing.lab.example', 'good.lab.example'
        $call = Invoke-Bounded -Command 'Test-MxRecord' -Parameters @{ Server = (Get-LabServer slow $script:lab); TimeoutSeconds = 3; ThrottleLimit = 8 } -InputObject $domains -Bound 7
        Register-Call -Call $call -Kind Fault -Label 'slow server, four domains at once' | Should -BeNullOrEmpty
        $call.Output.DomainName | Should -Be $domains
        $call.Output.Status | Should -Be @('Pass', 'Fail', 'Fail', 'Pass')
    }

    It 'stops promptly on Ctrl+C while a server is silent' {
        $stop = Measure-StopTime -Command 'Test-MxRecord' -Parameters @{ DomainName = 'good.lab.example'; Server = (Get-LabServer silent $script:lab); TimeoutSeconds = 30 }
        $stop.Completed | Should -BeTrue
        # A hang bound: waiting for the silent server would take the 30 s timeout; 10 s leaves room
        # for a loaded machine and still proves Stop did not wait for it.
        $stop.Seconds | Should -BeLessThan 10
        $script:Tally.FaultsTried++
    }
}
