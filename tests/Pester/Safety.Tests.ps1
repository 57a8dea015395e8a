#Requires -Version 7.2
# The safety properties, each a test against what really reached the wire and the output:
#   1. no CR, LF or other control character from a parameter ever reaches the wire (SMTP or DNS);
#   2. after RCPT TO nothing but RSET and QUIT, never DATA, BDAT or AUTH;
#   3. a TLS certificate problem is reported, never silently accepted as valid;
#   4. no credential, private key or message is ever written to output, verbose or a transcript.
# The scripted fault server records every line any client sent to any SMTP scenario (in this file
# and, in a full run, in the fault and fuzz files before it); the scripted DNS server's recorder
# scenario records every question.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'Hardening.ps1')
    $script:dns = Get-LabDns
    $script:lab = Get-Lab
    if (-not $script:lab.Fault -or -not $script:lab.FaultDns) { throw 'The scripted fault servers are not running.' }
    $script:recorder = "[fault.lab.example]:$($script:lab.Fault.recorder)"
    $script:recorderTls = "[fault.lab.example]:$($script:lab.Fault.recordertls)"

    # The recorder log as sessions: connection number -> scenario and the lines sent, in order.
    function Get-RecordedSession {
        $sessions = [ordered]@{}
        foreach ($line in Get-Content -LiteralPath $script:lab.FaultRecorderLog) {
            if ($line -notmatch '^#(?<id>\d+) (?<scenario>\S+) (?<text>.*)$') { throw "Unreadable recorder line: $line" }
            # A string key: an [int] would index the ordered dictionary by position.
            $id = $Matches.id
            if (-not $sessions.Contains($id)) { $sessions[$id] = [pscustomobject]@{ Id = [int]$id; Scenario = $Matches.scenario; Lines = [System.Collections.Generic.List[string]]::new() } }
            $sessions[$id].Lines.Add($Matches.text)
        }
        @($sessions.Values)
    }

    # What a line may be: one of the commands the probe sends, printable ASCII, nothing escaped.
    # (A quoted local part may hold a space: "a b"@contoso.com.)
    $script:AllowedLine = '^(EHLO [!-~]+|STARTTLS|MAIL FROM:<[ -~]*>|RCPT TO:<[ -~]+>|RSET|QUIT)$'

    # Every session of this lab's NAM front end: the property holds for all of them, not only
    # for the ones this file started.
    function Get-PostfixDisconnect([string] $Log) {
        Get-Content -LiteralPath $Log | Where-Object { $_ -match 'disconnect from' }
    }
}

AfterAll {
    Save-HardeningTally -Name 'safety'
}

Describe '1. No control character from a parameter reaches the wire' -Tag 'Lab' {
    It 'refuses -HeloName with CR/LF before any connection is made' {
        $before = @(Get-RecordedSession).Count
        { Test-SmartHost $script:recorder -Server $script:dns -Probe -HeloName "x`r`nMAIL FROM:<a@b>" -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidHeloName,ATTR35.Commands.TestSmartHostCommand'
        Start-Sleep -Milliseconds 300
        @(Get-RecordedSession).Count | Should -Be $before
    }

    It 'refuses -Recipient and -Sender with control characters' {
        { Test-SmartHost fault.lab.example -Recipient "a@b.example`r`nDATA" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRecipient,ATTR35.Commands.TestSmartHostCommand'
        { Test-SmartHost fault.lab.example -Recipient 'a@b.example' -Sender "x@y.example`nRSET" -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSender,ATTR35.Commands.TestSmartHostCommand'
    }

    It 'SMTP: hostile -HeloName, -Sender and -Recipient values never put a control or non-ASCII byte on the wire' {
        $before = @(Get-RecordedSession).Count
        foreach ($parameter in 'HeloName', 'Sender', 'Recipient') {
            $seed = @{ HeloName = 'probe.lab.example'; Sender = 'postmaster@lab.example'; Recipient = 'someone@contoso.example' }[$parameter]
            foreach ($value in (Get-BadInput $seed -Random 30 -Mutations 60)) {
                $parameters = @{ SmartHost = $script:recorderTls; Server = $script:dns; TimeoutSeconds = 2; Recipient = 'someone@contoso.example'; HeloName = 'probe.lab.example' }
                $parameters[$parameter] = $value
                $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters $parameters -Bound 10
                Register-Call -Call $call -Kind BadInput -Label "-$parameter" | Should -BeNullOrEmpty
            }
        }
        $sessions = @(Get-RecordedSession)
        $sessions.Count | Should -BeGreaterThan ($before + 30) -Because 'the valid near misses were sent'
        $bad = foreach ($session in $sessions) { foreach ($line in $session.Lines) { if ($line -notmatch $script:AllowedLine) { "#$($session.Id) $($session.Scenario): $line" } } }
        $bad | Should -BeNullOrEmpty -Because 'every line any client sent to the fault server in this run must be a clean command'
    }

    It 'DNS: hostile names never put anything but a letter-digit-hyphen name in a question' {
        $server = "127.0.0.1:$($script:lab.FaultDns.recorder)"
        $log = $script:lab.FaultDnsRecorderLog
        foreach ($value in (Get-BadInput 'good.lab.example' -Random 30 -Mutations 60)) {
            $calls = @(
                (Invoke-Bounded -Command 'Test-MxRecord' -Parameters @{ DomainName = $value; Server = $server; TimeoutSeconds = 2 } -Bound 10)
                (Invoke-Bounded -Command 'Test-MxRecord' -Parameters @{ DomainName = 'good.lab.example'; ExpectedHost = $value; Server = $server; TimeoutSeconds = 2 } -Bound 10)
                (Invoke-Bounded -Command 'Test-SmartHost' -Parameters @{ SmartHost = $value; DomainName = $value; Server = $server; TimeoutSeconds = 2 } -Bound 10)
            )
            foreach ($call in $calls) { Register-Call -Call $call -Kind BadInput -Label 'DNS name' | Should -BeNullOrEmpty }
        }
        $questions = @(Get-Content -LiteralPath $log)
        $questions.Count | Should -BeGreaterThan 50
        $questions | Where-Object { $_ -notmatch '^(udp|tcp) \d+ [a-z0-9_-]+(\.[a-z0-9_-]+)+$' } | Should -BeNullOrEmpty
    }
}

Describe '2. After RCPT TO only RSET and QUIT' -Tag 'Lab' {
    It 'sends nothing but RSET and QUIT after RCPT TO, whatever RCPT TO and RSET get' {
        $scenarios = 'recorder', 'recordertls', 'rcptattr35', 'rcptclose', 'rcptgarbage', 'rcptsilent', 'rsetclose', 'mailrejected'
        foreach ($scenario in $scenarios) {
            $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters @{ SmartHost = "[fault.lab.example]:$($script:lab.Fault.$scenario)"; Server = $script:dns; Recipient = 'someone@contoso.example'; TimeoutSeconds = 2 } -Bound 10
            Register-Call -Call $call -Kind Fault -Label "RCPT phase: $scenario" | Should -BeNullOrEmpty
            $call.Output | Should -HaveCount 1
        }
        $sessions = @(Get-RecordedSession | Where-Object Scenario -in $scenarios)
        $sessions.Count | Should -BeGreaterOrEqual $scenarios.Count
        foreach ($session in $sessions) {
            $lines = @($session.Lines)
            ($lines | Where-Object { $_ -match '^(DATA|BDAT|AUTH|VRFY|EXPN|ETRN|TURN|ATRN)\b' }) | Should -BeNullOrEmpty -Because "session #$($session.Id) ($($session.Scenario))"
            @($lines | Where-Object { $_ -like 'RCPT*' }).Count | Should -BeLessOrEqual 1
            $rcpt = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -like 'RCPT*' })
            if ($rcpt -ge 0) {
                $after = @($lines | Select-Object -Skip ($rcpt + 1))
                ($after | Where-Object { $_ -notin 'RSET', 'QUIT' }) | Should -BeNullOrEmpty -Because "session #$($session.Id) ($($session.Scenario)) after RCPT sent: $($after -join ', ')"
            }
            if ($session.Scenario -eq 'mailrejected') { $lines | Should -Not -Match '^RCPT' -Because 'MAIL FROM was refused' }
        }
        $tls = @($sessions | Where-Object Scenario -eq 'recordertls')[-1]
        ($tls.Lines -replace ' .*$', '') | Should -Be @('EHLO', 'STARTTLS', 'EHLO', 'MAIL', 'RCPT', 'RSET', 'QUIT')
    }

    It 'Postfix counts no DATA, BDAT or AUTH and at most one RCPT in any probe session' {
        $before = @(Get-PostfixDisconnect -Log $script:lab.Smtp.Nam.Log).Count
        $cases = @(
            @{ Recipient = 'attr35@contoso.example' }
            @{ Recipient = 'unknown@contoso.example' }
            @{ Recipient = 'someone@contoso.example' }
            @{ Recipient = 'someone@contoso.example'; Sender = 'refused@lab.example' }
        )
        foreach ($case in $cases) {
            $parameters = @{ SmartHost = 'good.lab.example'; Port = 2525; Server = $script:dns; TimeoutSeconds = 2 } + $case
            $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters $parameters -Bound 10
            Register-Call -Call $call -Kind Fault -Label "Postfix $($case.Recipient)" | Should -BeNullOrEmpty
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        do {
            $lines = @(Get-PostfixDisconnect -Log $script:lab.Smtp.Nam.Log)
            if ($lines.Count -ge $before + $cases.Count) { break }
            Start-Sleep -Milliseconds 200
        } while ([DateTime]::UtcNow -lt $deadline)
        $lines.Count | Should -BeGreaterOrEqual ($before + $cases.Count)
        $lines | Should -Not -Match '\b(data|bdat|auth)='
        # rcpt=0/1: none of one accepted; the total is what was sent.
        $lines | Where-Object { $_ -match 'rcpt=(\d+)(/(\d+))?' -and [int]$(if ($Matches[3]) { $Matches[3] } else { $Matches[1] }) -gt 1 } | Should -BeNullOrEmpty
        $lines | Where-Object { $_ -match 'mail=0/1' } | Should -Not -Match 'rcpt=' -Because 'after a refused MAIL FROM no RCPT TO is sent'
        (Get-Content -LiteralPath $script:lab.Smtp.Nam.Log) | Should -Not -Match 'queued as|status=sent' -Because 'no message is ever sent'
    }
}

Describe '3. A certificate problem is reported, never accepted as valid' -Tag 'Lab' {
    It '<Scenario>: reported by Test-SmartHost (with -Probe and -Recipient) and by Test-InboundConnector -SendingServer' -TestCases @(
        @{ Scenario = 'certexpired'; ConnectorCode = 'ConnectorCertificateExpiring' }
        @{ Scenario = 'certnotyet'; ConnectorCode = 'ConnectorCertificateNotYetValid' }
        @{ Scenario = 'certselfsigned'; ConnectorCode = 'ConnectorCertificateUntrusted' }
        @{ Scenario = 'certwrongname'; ConnectorCode = 'ConnectorCertificateUntrusted' }
        @{ Scenario = 'tlsgood'; ConnectorCode = 'ConnectorCertificateUntrusted' }
    ) {
        $port = $script:lab.Fault.$Scenario
        foreach ($extra in @{ Probe = $true }, @{ Recipient = 'someone@contoso.example' }) {
            $call = Invoke-Bounded -Command 'Test-SmartHost' -Parameters (@{ SmartHost = "[fault.lab.example]:$port"; Server = $script:dns; TimeoutSeconds = 2 } + $extra) -Bound 10
            Register-Call -Call $call -Kind Fault -Label "certificate $Scenario" | Should -BeNullOrEmpty
            $result = $call.Output[0]
            $certificate = $result.Probe.Certificate
            $certificate | Should -Not -BeNullOrEmpty
            ($certificate.ChainValid -and $certificate.NameMatches) | Should -BeFalse
            $result.Findings.Code | Should -Contain 'SmartHostCertificateInvalid'
            $result.Status | Should -Not -Be 'Pass'
        }
        $byCertificate = [pscustomobject]@{ Name = 'By certificate'; Enabled = $true; ConnectorType = 'OnPremises'; TlsSenderCertificateName = '*.lab.example' }
        $call = Invoke-Bounded -Command 'Test-InboundConnector' -Parameters @{ SendingServer = "fault.lab.example:$port"; Server = $script:dns; TimeoutSeconds = 2 } -InputObject $byCertificate -Bound 10
        Register-Call -Call $call -Kind Fault -Label "certificate $Scenario (-SendingServer)" | Should -BeNullOrEmpty
        $call.Output[0].Findings.Code | Should -Contain $ConnectorCode
        $call.Output[0].Status | Should -Not -Be 'Pass'
    }
}

Describe '4. No secret or message in output, verbose or transcript' -Tag 'Lab' {
    BeforeAll {
        # The lab client certificate, protected by a password this test knows and looks for.
        $script:password = 'Attr35-Pfx-Secret-7f3c!'
        $plain = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($script:lab.Smtp.ClientCertificatePfx, '', 'Exportable')
        $script:pfxPath = Join-Path $TestDrive 'client-protected.pfx'
        [IO.File]::WriteAllBytes($script:pfxPath, $plain.Export('Pfx', $script:password))
        $script:keyBase64 = [Convert]::ToBase64String([System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($plain).ExportPkcs8PrivateKey())
        $script:pfxBase64 = [Convert]::ToBase64String([IO.File]::ReadAllBytes($script:pfxPath))
        $keyPemLine = (Get-Content -LiteralPath $script:lab.Smtp.ClientKey | Where-Object { $_ -notmatch '^-----' } | Select-Object -First 1)
        # Pieces long enough to be unmistakable, short enough to be found in wrapped text.
        $script:secrets = @($script:password, $script:keyBase64.Substring(40, 48), $script:pfxBase64.Substring(200, 48), $keyPemLine.Substring(0, 48), 'PRIVATE KEY')

        $transcript = Join-Path $TestDrive 'transcript.txt'
        $json = Join-Path $TestDrive 'output.json'
        $script:output = Invoke-FreshPwsh @"
Import-Module '$env:ATTR35_MODULE'
`$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('$script:pfxPath', '$script:password', 'Exportable')
`$null = Start-Transcript -Path '$transcript'
`$VerbosePreference = 'Continue'
`$results = @(
    Test-SmartHost good.lab.example -Port 2525 -Server '$script:dns' -DomainName good.lab.example -Recipient attr35@contoso.example -ClientCertificate `$cert -TimeoutSeconds 3
    Test-SmartHost '$script:recorderTls' -Server '$script:dns' -Recipient someone@contoso.example -ClientCertificate `$cert -TimeoutSeconds 3
    [pscustomobject]@{ Name = 'C'; ConnectorType = 'OnPremises'; TlsSenderCertificateName = 'relay.contoso.example' } | Test-InboundConnector -Certificate `$cert -SenderIPAddress 203.0.113.25
    [pscustomobject]@{ Name = 'C'; ConnectorType = 'OnPremises'; TlsSenderCertificateName = '*.mail.protection.outlook.com' } | Test-InboundConnector -SendingServer good-lab-example.mail.protection.outlook.com:2525 -Server '$script:dns' -TimeoutSeconds 3
)
try { Test-SmartHost good.lab.example -Port 2525 -Server '$script:dns' -Probe -ClientCertificate ([System.Security.Cryptography.X509Certificates.X509Certificate2]::new(`$cert.RawData)) -ErrorAction Stop } catch { Write-Host `$_.FullyQualifiedErrorId; `$_ | Format-List * -Force | Out-String | Write-Host }
`$results | Format-List * -Force | Out-String -Width 300 | Write-Host
`$results | ConvertTo-Json -Depth 8 | Set-Content -Path '$json'
`$results | ConvertTo-Json -Depth 8 | Write-Host
`$VerbosePreference = 'SilentlyContinue'
`$null = Stop-Transcript
"@
        $script:transcriptText = Get-Content -Raw -LiteralPath $transcript
        $script:jsonText = Get-Content -Raw -LiteralPath $json
        $script:Tally.FaultsTried += 5
    }

    It 'the probes ran with the certificate presented (the test would see a leak)' {
        $results = $script:jsonText | ConvertFrom-Json
        $results[0].Probe.ClientCertificateSent | Should -BeTrue
        # recordertls does not ask for a client certificate, so none is sent, yet the probe reached RCPT TO with one at hand.
        $results[1].Probe.ClientCertificateSent | Should -BeFalse
        $results[1].Probe.RecipientReply | Should -Not -BeNullOrEmpty
        [ATTR35.MatchedBy]$results[2].MatchedBy | Should -Be ([ATTR35.MatchedBy]::Certificate)
        $script:transcriptText | Should -Match 'VERBOSE: SMTP 127\.25\.0\.1:2525: C: RCPT TO:<attr35@contoso\.example>'
        $script:transcriptText | Should -Match 'ClientCertificateWithoutKey'
    }

    It 'writes no private key, PFX or password to <Where>' -TestCases @(
        @{ Where = 'the JSON of the results' }
        @{ Where = 'the transcript (host, verbose, Format-List, errors)' }
        @{ Where = 'the output of the child shell' }
    ) {
        $text = switch -Wildcard ($Where) { '*JSON*' { $script:jsonText } '*transcript*' { $script:transcriptText } default { $script:output -join "`n" } }
        $text | Should -Not -BeNullOrEmpty
        foreach ($secret in $script:secrets) {
            $text.Contains($secret) | Should -BeFalse -Because "'$($secret.Substring(0, [Math]::Min(12, $secret.Length)))...' must never be written"
        }
    }

    It 'never sends or shows a message: no DATA in any transcript' {
        $script:transcriptText | Should -Not -Match 'C: (DATA|BDAT|AUTH)'
        $script:jsonText | Should -Not -Match 'C: (DATA|BDAT|AUTH)'
    }
}
