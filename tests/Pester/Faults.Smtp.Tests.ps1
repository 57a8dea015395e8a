#Requires -Version 7.2
# The SMTP fault matrix: every way an SMTP server can fail a probe, with the result each must give
# (Status, finding Code) and the time it must give it in (Bound, seconds, for the whole call).
# Bound is what the time proves, with room for a loaded machine (no speed is asserted):
# - a fault answered at once: T = 10, Bound = 5 (half of T): the probe never waited for a
#   timeout it should not wait for, however busy the machine;
# - a fault that costs one timeout: T = 4, Bound = 7 (between T and 2T): it gave up after T, not
#   after two timeouts, and the message names T ('within 4 s');
# - every reply a second late at T = 2: the Warning (a completed probe) proves each step had its
#   own T, as one 2 s deadline for the whole 3 s session would have ended in an error; Bound = 6
#   only bounds a hang. The drip at T = 10 (Bound = 9) proves the banner was read as it came.
# Scenario names are the scripted fault server's (tests/FaultServer, reached as
# [fault.lab.example]:<port>); Target names a real lab server instead (Postfix on port 2525).
# Test-SmartHost -Probe and Test-InboundConnector -SendingServer use the same SMTP client, so the
# faults run through both.

BeforeDiscovery {
    $probe = @{ Probe = $true }
    $rcpt = @{ Recipient = 'someone@contoso.example' }
    $script:Matrix = @(
        # Connection and banner.
        @{ Fault = 'connection refused'; Port = 1; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostConnectFailed'; Bound = 5; Match = 'connection refused' }
        @{ Fault = 'silence after connect'; Scenario = 'silent'; T = 4; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 7; Match = 'no banner .* within 4 s' }
        @{ Fault = 'a banner drip-fed a byte per 200 ms, T = 4 s'; Scenario = 'drip'; T = 4; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 7; Match = 'no banner' }
        @{ Fault = 'a banner drip-fed a byte per 200 ms, T = 10 s'; Scenario = 'drip'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 9; Banner = '^220 drip\.example ESMTP ready$' }
        @{ Fault = 'garbage bytes'; Scenario = 'garbage'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'without a line end' }
        @{ Fault = 'a banner that never ends'; Scenario = 'endless'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'more than 4096 bytes' }
        @{ Fault = 'a 1 MB line without CRLF'; Scenario = 'megaline'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'more than 4096 bytes without a line end' }
        @{ Fault = 'a 421 greeting'; Scenario = 'greet421'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'greeted with 421' }
        @{ Fault = 'a 554 greeting (QUIT still sent)'; Scenario = 'greet554'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'greeted with 554'; Sent = 'C: QUIT' }
        @{ Fault = 'closed in the middle of a multi-line banner'; Scenario = 'closemid'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'closed the connection' }

        # EHLO.
        @{ Fault = 'a 4xx at EHLO'; Scenario = 'ehlo4xx'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'answered EHLO .* with 451' }
        @{ Fault = 'a 4xx at EHLO (Postfix, check_helo_access)'; Target = '[relay.lab.example]:2525'; T = 10; Extra = @{ Probe = $true; HeloName = 'tempfail.lab.example' }; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'answered EHLO tempfail\.lab\.example with 450' }
        @{ Fault = 'closed in the middle of a multi-line EHLO reply'; Scenario = 'closemidehlo'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'reply to EHLO .* closed the connection' }
        @{ Fault = 'a multi-line reply with two codes'; Scenario = 'mixedcodes'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'different codes' }
        @{ Fault = 'an EHLO reply of 152 lines'; Scenario = 'hugereply'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'longer than 100 lines' }
        @{ Fault = 'a reply nobody asked for'; Scenario = 'unasked'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'nobody asked for' }
        @{ Fault = 'every reply a second late, T = 2 s'; Scenario = 'slowreply'; T = 2; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 6 }
        @{ Fault = 'replies ending in a bare LF (tolerated)'; Scenario = 'barelf'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 5 }
        @{ Fault = 'a UTF-8 banner with a bidi override, NEL and line separator'; Scenario = 'bidibanner'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 5; Banner = '^220 bidi\.example \\u202EESMTP\\u0085ready\\u2028now$' }

        # STARTTLS and the handshake.
        @{ Fault = 'STARTTLS not offered'; Scenario = 'nostarttls'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 5; Match = 'does not offer STARTTLS' }
        @{ Fault = 'STARTTLS refused'; Scenario = 'starttlsrefused'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 5; Match = 'refused it' }
        @{ Fault = 'a TLS handshake answered with garbage'; Scenario = 'brokentls'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostTlsFailed'; Bound = 5 }
        @{ Fault = 'a TLS handshake that never starts'; Scenario = 'tlsstall'; T = 4; Extra = $probe; Status = 'Error'; Code = 'SmartHostTlsFailed'; Bound = 7; Match = 'no TLS handshake .* within 4 s' }
        @{ Fault = 'a reply injected after 220 to STARTTLS'; Scenario = 'tlsinject'; T = 10; Extra = $probe; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'before the TLS handshake' }

        # Certificates (the test CA is not trusted here; see the trusted-CA block below).
        @{ Fault = 'an expired certificate'; Scenario = 'certexpired'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'expired on'; ChainValid = $false }
        @{ Fault = 'a certificate not yet valid'; Scenario = 'certnotyet'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'not valid before'; ChainValid = $false }
        @{ Fault = 'a self-signed certificate'; Scenario = 'certselfsigned'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'chain is not trusted'; ChainValid = $false }
        @{ Fault = 'a certificate for another name'; Scenario = 'certwrongname'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'do not match'; NameMatches = $false }
        @{ Fault = 'a certificate whose names hold CR LF and an escape sequence'; Scenario = 'certhostile'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'fault\.lab\.example\\u000D\\u000A\\u001B'; Clean = $true }
        @{ Fault = 'a good certificate from an unknown CA'; Scenario = 'tlsgood'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'chain is not trusted'; ChainValid = $false; NameMatches = $true }
        @{ Fault = 'a certificate from an unknown CA (Postfix)'; Target = 'good.lab.example:2525'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'chain is not trusted'; ChainValid = $false; NameMatches = $true }
        @{ Fault = 'a certificate for another name (Postfix)'; Target = '[relay.lab.example]:2525'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostCertificateInvalid'; Bound = 5; Match = 'do not match'; NameMatches = $false }

        # The transaction (-Recipient): MAIL FROM, RCPT TO, RSET.
        @{ Fault = 'MAIL FROM refused'; Scenario = 'mailrejected'; T = 10; Extra = $rcpt; Status = 'Error'; Code = 'SmartHostSenderRejected'; Bound = 5; NotSent = 'C: RCPT' }
        @{ Fault = 'MAIL FROM refused (Postfix, check_sender_access)'; Target = 'good.lab.example:2525'; T = 10; Extra = @{ Recipient = 'someone@contoso.example'; Sender = 'refused@lab.example' }; Status = 'Error'; Code = 'SmartHostSenderRejected'; Bound = 5; Match = '553 5\.7\.1'; NotSent = 'C: RCPT' }
        @{ Fault = 'closed instead of a reply to RCPT TO'; Scenario = 'rcptclose'; T = 10; Extra = $rcpt; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'reply to RCPT TO .* closed the connection' }
        @{ Fault = 'garbage instead of a reply to RCPT TO'; Scenario = 'rcptgarbage'; T = 10; Extra = $rcpt; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 5; Match = 'reply to RCPT TO' }
        @{ Fault = 'no reply to RCPT TO'; Scenario = 'rcptsilent'; T = 4; Extra = $rcpt; Status = 'Error'; Code = 'SmartHostProtocolError'; Bound = 7; Match = 'no reply to RCPT TO .* within 4 s' }
        @{ Fault = 'RCPT TO deferred with ATTR35 (inside TLS)'; Scenario = 'rcptattr35'; T = 10; Extra = $rcpt; Status = 'Fail'; Code = 'SmartHostAttr35Deferred'; Bound = 5; Match = 'region EUR'; Sent = 'C: RSET' }
        @{ Fault = 'a 2024+ front end: no region in the banner, the RCPT TO bracket names it'; Scenario = 'rcptepf'; T = 10; Extra = $rcpt; Status = 'Fail'; Code = 'SmartHostAttr35Deferred'; Bound = 5; Match = 'SJ5PEPF000001F2\.namprd02\.prod\.outlook\.com, region NAM'; Sent = 'C: RSET'; RegionSource = 'Rcpt' }
        @{ Fault = 'closed instead of a reply to RSET'; Scenario = 'rsetclose'; T = 10; Extra = $rcpt; Status = 'Warning'; Code = 'SmartHostRecipientAccepted'; Bound = 5 }

        # QUIT.
        @{ Fault = 'the connection kept open after QUIT'; Scenario = 'noquitclose'; T = 10; Extra = $probe; Status = 'Warning'; Code = 'SmartHostNoStartTls'; Bound = 5; NoCode = 'SmartHostProtocolError' }
    )

    # Test-InboundConnector -SendingServer over the same faults: Error for every server that gives no
    # certificate, and the certificate's own problems reported once it has one.
    $script:SendingServerMatrix = @(
        @{ Fault = 'connection refused'; Port = 1; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5; Match = 'connection refused' }
        @{ Fault = 'silence after connect'; Scenario = 'silent'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 4; Bound = 7; Match = 'no banner' }
        @{ Fault = 'garbage bytes'; Scenario = 'garbage'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5 }
        @{ Fault = 'a 554 greeting'; Scenario = 'greet554'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5; Match = 'greeted with 554' }
        @{ Fault = 'a 4xx at EHLO'; Scenario = 'ehlo4xx'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5 }
        @{ Fault = 'STARTTLS not offered'; Scenario = 'nostarttls'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5; Match = 'does not offer STARTTLS' }
        @{ Fault = 'STARTTLS refused'; Scenario = 'starttlsrefused'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5; Match = 'refused STARTTLS' }
        @{ Fault = 'a TLS handshake answered with garbage'; Scenario = 'brokentls'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 10; Bound = 5; Match = 'TLS handshake' }
        @{ Fault = 'a TLS handshake that never starts'; Scenario = 'tlsstall'; Status = 'Error'; Code = 'ConnectorSendingServerFailed'; T = 4; Bound = 7; Match = 'no TLS handshake' }
        @{ Fault = 'an expired certificate'; Scenario = 'certexpired'; Status = 'Warning'; Code = 'ConnectorCertificateExpiring'; T = 10; Bound = 5; Match = 'expired on'; Matched = 'By certificate' }
        @{ Fault = 'a certificate not yet valid'; Scenario = 'certnotyet'; Status = 'Warning'; Code = 'ConnectorCertificateNotYetValid'; T = 10; Bound = 5; Match = 'not valid before'; Matched = 'By certificate' }
        @{ Fault = 'a self-signed certificate'; Scenario = 'certselfsigned'; Status = 'Warning'; Code = 'ConnectorCertificateUntrusted'; T = 10; Bound = 5; Match = 'does not validate'; Matched = 'By certificate' }
        @{ Fault = 'a certificate for another name'; Scenario = 'certwrongname'; Status = 'Fail'; Code = 'ConnectorNoMatch'; T = 10; Bound = 5 }
        @{ Fault = 'a certificate whose names hold CR LF and an escape sequence'; Scenario = 'certhostile'; Status = 'Warning'; Code = 'ConnectorCertificateUntrusted'; T = 10; Bound = 5; Matched = 'By certificate' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'Hardening.ps1')
    $script:dns = Get-LabDns
    $script:lab = Get-Lab
    if (-not $script:lab.Fault) { throw 'The scripted fault server is not running.' }
    $script:connectors = @(
        [pscustomobject]@{ Name = 'By address'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @('203.0.113.25'); TlsSenderCertificateName = $null }
        [pscustomobject]@{ Name = 'By certificate'; Enabled = $true; ConnectorType = 'OnPremises'; SenderIPAddresses = @(); TlsSenderCertificateName = 'fault.lab.example' }
    )

    function Get-FaultTarget([string] $Scenario, [int] $Port) {
        if ($Port) { return $Port }
        $value = $script:lab.Fault.$Scenario
        if (-not $value) { throw "No fault server scenario '$Scenario'." }
        $value
    }
}

AfterAll {
    Save-HardeningTally -Name 'faults-smtp'
}

Describe 'SMTP fault matrix: Test-SmartHost' -Tag 'Lab' {
    It '<Fault> gives <Status> with <Code> within <Bound> s' -TestCases $script:Matrix {
        $smartHost = if ($Target) { $Target } else { '[fault.lab.example]:{0}' -f (Get-FaultTarget $Scenario $Port) }
        $parameters = @{ SmartHost = $smartHost; Server = $script:dns; TimeoutSeconds = $T } + $Extra
        $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters $parameters -Bound $Bound
        $problem = Register-Call -Call $call -Kind Fault -Label "Test-SmartHost $smartHost ($Fault)"
        $problem | Should -BeNullOrEmpty
        $call.Errors | Should -BeNullOrEmpty
        $call.Output | Should -HaveCount 1
        $result = $call.Output[0]
        $result.Status | Should -Be $Status -Because "the findings were: $($result.Findings.Code -join ', ') / $($result.Findings[0].Message)"
        $finding = @($result.Findings | Where-Object Code -eq $Code)
        $finding | Should -Not -BeNullOrEmpty -Because "the findings were: $($result.Findings.Code -join ', ')"
        $finding[0].Subject | Should -Match '^127\.(0\.0\.1|25\.0\.[12]):\d+$'
        $finding[0].Message | Should -Not -Match '[\r\n]' -Because 'a finding is one sentence'
        if ($Match) { $finding[0].Message | Should -Match $Match }
        if ($NoCode) { $result.Findings.Code | Should -Not -Contain $NoCode }
        if ($Banner) { $result.Probe.Banner | Should -Match $Banner; (Get-AllResultText $result) -join " " | Should -Not -Match '[\p{Cc}\p{Cf}\p{Zl}]' }
        $transcript = $result.Probe.Transcript -join "`n"
        if ($Sent) { $transcript | Should -Match ([regex]::Escape($Sent)) }
        if ($NotSent) { $transcript | Should -Not -Match ([regex]::Escape($NotSent)) }
        $transcript | Should -Not -Match 'C: (DATA|BDAT|AUTH)'
        if ($Clean) {
            # Nothing the server sent reaches the result raw.
            (Get-AllResultText $result) -join " " | Should -Not -Match '[\p{Cc}\p{Cf}\p{Zl}]'
        }
        if ($null -ne $ChainValid) { $result.Probe.Certificate.ChainValid | Should -Be $ChainValid }
        if ($null -ne $NameMatches) { $result.Probe.Certificate.NameMatches | Should -Be $NameMatches }
        if ($RegionSource) { $result.Probe.RegionSource | Should -Be $RegionSource }
    }

    It 'reads ObservedClientAddress from the EHLO Hello [ip]' {
        $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters @{ SmartHost = "[fault.lab.example]:$($script:lab.Fault.good)"; Server = $script:dns; Probe = $true; TimeoutSeconds = 10 } -Bound 5
        Register-Call -Call $call -Kind Fault -Label 'good' | Should -BeNullOrEmpty
        $call.Output[0].Probe.ObservedClientAddress | Should -Be '127.0.0.1'
    }

    It 'keeps the results of the other smart hosts when some servers fail (input order kept)' {
        $hosts = 'silent', 'good', 'garbage', 'rcptattr35' | ForEach-Object { "[fault.lab.example]:$($script:lab.Fault.$_)" }
        $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters @{ Server = $script:dns; Recipient = 'someone@contoso.example'; TimeoutSeconds = 4 } -InputObject $hosts -Bound 7
        Register-Call -Call $call -Kind Fault -Label 'four smart hosts at once' | Should -BeNullOrEmpty
        $call.Output.SmartHost | Should -Be $hosts
        $call.Output.Status | Should -Be @('Error', 'Warning', 'Error', 'Fail')
    }

    It 'stops promptly on Ctrl+C while a server is silent' {
        $stop = Measure-StopTime -Command 'Test-SmartHost' -Parameters @{ SmartHost = "[fault.lab.example]:$($script:lab.Fault.silent)"; Server = $script:dns; Probe = $true; TimeoutSeconds = 60 }
        $stop.Completed | Should -BeTrue
        # A hang bound: waiting for the silent server would take the 60 s timeout; 10 s leaves room
        # for a loaded machine and still proves Stop did not wait for it.
        $stop.Seconds | Should -BeLessThan 10
        $script:Tally.FaultsTried++
    }
}

Describe 'SMTP fault matrix: certificates when their CA is trusted' -Tag 'Lab' {
    # SSL_CERT_FILE makes the fault server's test CA the only trusted one in a fresh pwsh, so each
    # certificate shows exactly its own fault, and the good one shows that the check can pass.
    BeforeAll {
        $scenarios = 'tlsgood', 'certexpired', 'certnotyet', 'certselfsigned', 'certwrongname'
        $lines = foreach ($scenario in $scenarios) {
            "`$r = Test-SmartHost '[fault.lab.example]:$($script:lab.Fault.$scenario)' -Server '$script:dns' -Probe -TimeoutSeconds 2"
            "[pscustomobject]@{ Scenario = '$scenario'; Status = `$r.Status.ToString(); Codes = @(`$r.Findings.Code); ChainValid = `$r.Probe.Certificate.ChainValid; NameMatches = `$r.Probe.Certificate.NameMatches; Message = (`$r.Findings | Where-Object Code -eq 'SmartHostCertificateInvalid').Message } | ConvertTo-Json -Compress"
        }
        $output = Invoke-FreshPwsh -Environment @{ SSL_CERT_FILE = $script:lab.FaultCaCertificate } -Script ((@("Import-Module '$env:ATTR35_MODULE'") + $lines) -join "`n")
        $script:trusted = @{}
        foreach ($line in $output) { $item = $line | ConvertFrom-Json; $script:trusted[$item.Scenario] = $item }
        $script:Tally.FaultsTried += 4
    }

    It 'passes a good certificate of a trusted CA: the check can tell' {
        $r = $script:trusted['tlsgood']
        $r.ChainValid | Should -BeTrue
        $r.NameMatches | Should -BeTrue
        $r.Codes | Should -Not -Contain 'SmartHostCertificateInvalid'
        $r.Status | Should -Be 'Pass'
    }

    It '<Scenario>: ChainValid <ChainValid>, NameMatches <NameMatches>, SmartHostCertificateInvalid (<Match>)' -TestCases @(
        @{ Scenario = 'certexpired'; ChainValid = $false; NameMatches = $true; Match = 'expired on' }
        @{ Scenario = 'certnotyet'; ChainValid = $false; NameMatches = $true; Match = 'not valid before' }
        @{ Scenario = 'certselfsigned'; ChainValid = $false; NameMatches = $true; Match = 'chain is not trusted' }
        @{ Scenario = 'certwrongname'; ChainValid = $true; NameMatches = $false; Match = 'do not match' }
    ) {
        $r = $script:trusted[$Scenario]
        $r.ChainValid | Should -Be $ChainValid
        $r.NameMatches | Should -Be $NameMatches
        $r.Codes | Should -Contain 'SmartHostCertificateInvalid'
        $r.Message | Should -Match $Match
        $r.Status | Should -Be 'Warning'
    }
}

Describe 'SMTP fault matrix: Test-InboundConnector -SendingServer' -Tag 'Lab' {
    It '<Fault> gives <Status> with <Code> within <Bound> s' -TestCases $script:SendingServerMatrix {
        $server = 'fault.lab.example:{0}' -f (Get-FaultTarget $Scenario $Port)
        $call = Invoke-Bounded -Command 'Test-InboundConnector' -Parameters @{ SendingServer = $server; Server = $script:dns; TimeoutSeconds = $T } -InputObject $script:connectors -Bound $Bound
        $problem = Register-Call -Call $call -Kind Fault -Label "Test-InboundConnector -SendingServer $server ($Fault)"
        $problem | Should -BeNullOrEmpty
        $call.Errors | Should -BeNullOrEmpty
        $call.Output | Should -HaveCount 1
        $result = $call.Output[0]
        $result.Status | Should -Be $Status -Because "the findings were: $($result.Findings.Code -join ', ') / $($result.Findings[0].Message)"
        $finding = @($result.Findings | Where-Object Code -eq $Code)
        $finding | Should -Not -BeNullOrEmpty -Because "the findings were: $($result.Findings.Code -join ', ')"
        $finding[0].Message | Should -Not -Match '[\r\n]' -Because 'a finding is one sentence'
        if ($Match) { $finding[0].Message | Should -Match $Match }
        if ($Matched) { $result.MatchedConnector | Should -Be $Matched }
        if ($Status -eq 'Error') { $result.Findings.Code | Should -Not -Contain 'ConnectorNoMatch' -Because 'could not test is never a verdict' }
    }
}
