BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:fixtures = Join-Path $PSScriptRoot 'Events'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "attr35-events-$PID"
    $null = New-Item -ItemType Directory -Path $script:work -Force

    $script:Attr35 = '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [DB8EUR05FT037.eop-eur05.prod.protection.outlook.com]'
    function New-PostfixLine([string] $To = 'ann@fabrikam.example', [string] $Reply = $script:Attr35, [string] $Id = '3F2A1B0C9D') {
        "Dec  1 12:00:01 relay1 postfix/smtp[2211]: ${Id}: to=<$To>, relay=fabrikam-example.mail.protection.outlook.com[198.51.100.25]:25, delay=0.52, delays=0.01/0.01/0.3/0.2, dsn=4.4.62, status=deferred (host fabrikam-example.mail.protection.outlook.com[198.51.100.25] said: $Reply (in reply to RCPT TO command))"
    }
    function Write-Gzip([string] $Path, [string[]] $Lines) {
        $file = [IO.File]::Create($Path)
        try {
            $zip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Fastest)
            $bytes = [Text.Encoding]::UTF8.GetBytes(($Lines -join "`n") + "`n")
            $zip.Write($bytes, 0, $bytes.Length)
            $zip.Dispose()
        } finally { $file.Dispose() }
    }
}

AfterAll {
    if ($script:work) { Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Get-Attr35Event over the mail log of a real Postfix relay deferred by the lab' -Tag 'Lab' {
    BeforeAll {
        $lab = Get-Lab
        $eur = $lab.Smtp.Eur
        # A real Postfix relay sends through the lab's EUR front end, whose access map answers
        # RCPT TO attr35@... with the ATTR35 deferral; the relay logs it as Postfix does.
        $script:relayLog = & (Join-Path $env:ATTR35_REPO 'tests/Lab/Send-LabDeferral.ps1') -StateDirectory (Join-Path $env:ATTR35_LAB_STATE 'relay') `
            -RelayAddress $eur.Address -RelayPort $eur.Port -Recipient 'attr35@fabrikam.example', 'attr35@contoso.example' -Sender 'app@tailspin.example'
        $script:logLines = @(Get-Content -LiteralPath $script:relayLog)
    }

    It 'reads every deferral with the fields Postfix wrote' {
        $events = @(Get-Attr35Event -Path $script:relayLog)
        $events.Count | Should -BeGreaterOrEqual 2
        $ann = @($events | Where-Object Recipient -eq 'attr35@fabrikam.example')[0]
        $ann | Should -Not -BeNullOrEmpty
        $ann.Source | Should -Be 'Postfix'
        $ann.RecipientDomain | Should -Be 'fabrikam.example'
        $ann.Sender | Should -Be 'app@tailspin.example'
        $ann.Relay | Should -Be $lab.Smtp.Eur.Address
        $ann.RelayAddress | Should -Be $lab.Smtp.Eur.Address
        $ann.RelayPort | Should -Be $lab.Smtp.Eur.Port
        $ann.Code | Should -Be 451
        $ann.EnhancedCode | Should -Be '4.4.62'
        $ann.Kind | Should -Be 'Attr35'
        $ann.AttrToken | Should -Be 'ATTR35'
        $ann.FrontEnd | Should -Be $lab.Smtp.Eur.EopServer
        $ann.Region | Should -Be 'EUR'
        $ann.Reply | Should -Match '^451 4\.4\.62 <attr35@fabrikam\.example>: Recipient address rejected: Mail sent to the wrong Office 365 region\. ATTR35\.'
        $ann.Reply | Should -Not -Match 'in reply to'
        $ann.Path | Should -Be $script:relayLog
        $script:logLines[$ann.LineNumber - 1] | Should -Be $ann.Line
        $ann.Time.Year | Should -Be (Get-Item $script:relayLog).LastWriteTime.Year
        ([DateTimeOffset]::Now - $ann.Time).TotalMinutes | Should -BeLessThan 10
        @($events | Where-Object Recipient -eq 'attr35@contoso.example').Count | Should -BeGreaterOrEqual 1
    }

    It 'reads the same log compressed, and through wildcards, line numbers kept' {
        $gz = Join-Path $script:work 'relay.log.1.gz'
        Write-Gzip $gz $script:logLines
        $plain = @(Get-Attr35Event -Path $script:relayLog)
        $zipped = @(Get-Attr35Event -Path $gz)
        $zipped.Count | Should -Be $plain.Count
        $zipped.LineNumber | Should -Be $plain.LineNumber
        $zipped.Reply | Should -Be $plain.Reply
        Copy-Item $script:relayLog (Join-Path $script:work 'relay.log')
        $both = @(Get-Attr35Event -Path (Join-Path $script:work 'relay.log*'))
        $both.Count | Should -Be (2 * $plain.Count)
        @($both.Path | Sort-Object -Unique).Count | Should -Be 2
    }
}

Describe 'Get-Attr35Event log formats and files' {
    It 'reads Exim and Sendmail logs, sender from the queue id' {
        $exim = @(Get-Attr35Event -Path (Join-Path $script:fixtures 'exim-mainlog'))
        $exim | Should -HaveCount 1
        $exim[0].Source | Should -Be 'Exim'
        $exim[0].Recipient | Should -Be 'oli@fabrikam.example'
        $exim[0].Sender | Should -Be 'app@tailspin.example'
        $exim[0].Relay | Should -Be 'fabrikam-example.mail.protection.outlook.com'
        $exim[0].RelayAddress | Should -Be '198.51.100.25'
        $exim[0].Region | Should -Be 'JPN'
        $exim[0].LineNumber | Should -Be 2
        $exim[0].Time | Should -Be ([DateTimeOffset]::new([datetime]::new(2026, 12, 1, 10, 0, 1), [TimeZoneInfo]::Local.GetUtcOffset([datetime]::new(2026, 12, 1, 10, 0, 1))))
        $sendmail = @(Get-Attr35Event -Path (Join-Path $script:fixtures 'sendmail-maillog'))
        $sendmail | Should -HaveCount 1
        $sendmail[0].Source | Should -Be 'Sendmail'
        $sendmail[0].Recipient | Should -Be 'pat@fabrikam.example'
        $sendmail[0].Sender | Should -Be 'app@tailspin.example'
        $sendmail[0].Relay | Should -Be 'fabrikam-example.mail.protection.outlook.com'
        $sendmail[0].Region | Should -Be 'CAN'
    }

    It 'takes the syslog year from the file time' {
        $old = Join-Path $script:work 'old.log'
        Set-Content -LiteralPath $old -Value (New-PostfixLine)
        (Get-Item $old).LastWriteTime = [datetime]::new(2024, 12, 31, 23, 0, 0)
        (Get-Attr35Event -Path $old).Time.Year | Should -Be 2024
        (Get-Item $old).LastWriteTime = [datetime]::new(2025, 1, 2, 8, 0, 0)
        (Get-Attr35Event -Path $old).Time.Year | Should -Be 2024 -Because 'a December line in a file written in January is from the year before'
    }

    It 'writes only the ATTR35 family unless -All' {
        $log = Join-Path $script:work 'mixed.log'
        Set-Content -LiteralPath $log -Value @(
            (New-PostfixLine -To 'a@fabrikam.example')
            (New-PostfixLine -To 'b@fabrikam.example' -Reply '550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT010.eop-nam02.prod.protection.outlook.com]')
            (New-PostfixLine -To 'c@fabrikam.example' -Reply '550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources [DB5EUR01FT044.eop-eur01.prod.protection.outlook.com]')
            (New-PostfixLine -To 'd@fabrikam.example' -Reply '451 4.7.500 Server busy. Please try again later from [203.0.113.9]. (AS761) [BL2NAM02FT055.eop-nam02.prod.protection.outlook.com]')
            (New-PostfixLine -To 'e@fabrikam.example' -Reply '452 4.5.3 Recipients belong to multiple regions ATTR38 [TY1JPN01FT003.eop-jpn01.prod.protection.outlook.com]')
            'Dec  1 12:00:09 relay1 postfix/smtp[2211]: 3F2A1B0C9F: to=<f@gmail.example>, relay=mx.gmail.example[192.0.2.8]:25, dsn=4.2.2, status=deferred (host mx.gmail.example[192.0.2.8] said: 452 4.2.2 mailbox full (in reply to RCPT TO command))'
        )
        (Get-Attr35Event -Path $log).Kind | Should -Be @('Attr35', 'TenantAttribution', 'TenantInboundAttribution')
        (Get-Attr35Event -Path $log -All).Kind | Should -Be @('Attr35', 'TenantAttribution', 'TenantInboundAttribution', 'Throttled', 'MultipleRegions')
    }

    It 'skips a line over 64 KB and says so with -Verbose' {
        $log = Join-Path $script:work 'long.log'
        Set-Content -LiteralPath $log -Value @((New-PostfixLine -To 'x@fabrikam.example' -Reply ($script:Attr35 + (' ATTR35' * 12000))), (New-PostfixLine -To 'y@fabrikam.example'))
        $verbose = Get-Attr35Event -Path $log -Verbose 4>&1
        $events = @($verbose | Where-Object { $_ -is [ATTR35.Attr35Event] })
        $events.Recipient | Should -Be 'y@fabrikam.example'
        $events.LineNumber | Should -Be 2
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'Line 1 .*longer than 64 KB' }) | Should -HaveCount 1
    }

    It 'reports a missing file, a wildcard matching nothing, a directory and a binary file, and reads the next path' {
        $good = Join-Path $script:work 'good.log'
        Set-Content -LiteralPath $good -Value (New-PostfixLine)
        $binary = Join-Path $script:work 'core.bin'
        [IO.File]::WriteAllBytes($binary, [byte[]](0x7f, 0x45, 0x4c, 0x46, 0, 0, 1))
        $missing = Join-Path $script:work 'nope.log'
        $events = Get-Attr35Event -Path $missing, (Join-Path $script:work '*.nothing'), $script:work, $binary, $good -ErrorVariable problems -ErrorAction SilentlyContinue
        @($events).Count | Should -Be 1
        $events.Path | Should -Be $good
        $problems.FullyQualifiedErrorId | Should -Be @('LogFileNotFound,ATTR35.Commands.GetAttr35EventCommand', 'LogFileNotFound,ATTR35.Commands.GetAttr35EventCommand', 'LogFileUnreadable,ATTR35.Commands.GetAttr35EventCommand', 'LogFileUnreadable,ATTR35.Commands.GetAttr35EventCommand')
        $problems.CategoryInfo.Category | Select-Object -Unique | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be $missing
        $problems[0].Exception.Message | Should -Match ([regex]::Escape($missing))
        $problems[2].Exception.Message | Should -Match 'is a directory'
        $problems[3].Exception.Message | Should -Match 'binary'
    }

    It 'never opens a device or a pipe' {
        $events = Get-Attr35Event -LiteralPath '/dev/zero', '/dev/stdin' -ErrorAction SilentlyContinue -ErrorVariable problems
        @($events).Count | Should -Be 0
    }

    It 'reads piped files and -LiteralPath with wildcard characters in the name' {
        $odd = Join-Path $script:work 'mail[1].log'
        Set-Content -LiteralPath $odd -Value (New-PostfixLine -To 'odd@fabrikam.example')
        (Get-Attr35Event -LiteralPath $odd).Recipient | Should -Be 'odd@fabrikam.example'
        (Get-Item -LiteralPath $odd | Get-Attr35Event).Recipient | Should -Be 'odd@fabrikam.example'
    }
}

Describe 'Get-Attr35Event over bounces' {
    It 'reads an Exchange delay NDR saved as .eml (multipart/report, quoted-printable, base64)' {
        $events = @(Get-Attr35Event -Path (Join-Path $script:fixtures 'exchange-delay-ndr.eml'))
        $events | Should -HaveCount 1
        $e = $events[0]
        $e.Source | Should -Be 'Ndr'
        $e.Recipient | Should -Be 'kim@fabrikam.example'
        $e.Kind | Should -Be 'Attr35'
        $e.Relay | Should -Be 'fabrikam-example.mail.protection.outlook.com'
        $e.RelayAddress | Should -Be '198.51.100.25'
        $e.FrontEnd | Should -Be 'SJ5PEPF000001F2.namprd02.prod.outlook.com'
        $e.Region | Should -Be 'NAM'
        $e.Reply | Should -BeLike '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35.*08DD0F1E2A3B4C5D]'
        $e.Time | Should -Be ([DateTimeOffset]::new(2026, 12, 1, 9, 14, 7, [TimeSpan]::Zero))
    }

    It 'reads a Postfix bounce saved under any name, one event per recipient, and its folded Diagnostic-Code' {
        $path = Join-Path $script:fixtures 'postfix-bounce.txt'
        $family = @(Get-Attr35Event -Path $path)
        $family | Should -HaveCount 1
        $family[0].Recipient | Should -Be 'max@contoso.example'
        $family[0].Kind | Should -Be 'TenantAttribution'
        $family[0].Relay | Should -Be 'contoso-example.mail.protection.outlook.com'
        $family[0].Region | Should -Be 'EUR'
        $family[0].Reply | Should -Be '550 5.7.64 TenantAttribution; Relay Access Denied [AM4EUR03FT012.eop-EUR03.prod.protection.outlook.com]'
        $all = @(Get-Attr35Event -Path $path -All)
        $all.Recipient | Should -Be @('max@contoso.example', 'ned@contoso.example')
        $all[1].Kind | Should -Be 'Throttled'
    }

    It 'reads the same NDR pasted as text' {
        $text = @'
Delivery has failed to these recipients or groups:

sam@fabrikam.example

Diagnostic information for administrators:

Generating server: EX01.tailspin.example

sam@fabrikam.example
Remote Server at fabrikam-example.mail.protection.outlook.com (198.51.100.25) returned '550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT010.eop-nam02.prod.protection.outlook.com]'
'@
        $e = $text | Get-Attr35Event
        $e | Should -HaveCount 1
        $e.Source | Should -Be 'Ndr'
        $e.Recipient | Should -Be 'sam@fabrikam.example'
        $e.Kind | Should -Be 'TenantAttribution'
        $e.Region | Should -Be 'NAM'
    }
}

Describe 'Get-Attr35Event over strings and Exchange objects' {
    BeforeAll {
        $script:led = '[{LRT=12/1/2026 10:02:03 AM};{LED=451 4.4.395 Target host responded with error. -> 451 4.4.62 Mail sent to the wrong Microsoft 365 region. ATTR35. [FR2DEU01FT004.eop-deu01.prod.protection.outlook.com]};{MSG=};{FQDN=fabrikam-example.mail.protection.outlook.com};{IP=198.51.100.25};{LRT=}]'
        $script:tracking = [pscustomobject]@{
            Timestamp = [datetime]::new(2026, 12, 1, 10, 2, 3); EventId = 'DEFER'; Source = 'SMTP'; Sender = 'lee@tailspin.example'
            Recipients = @('una@fabrikam.example', 'vic@fabrikam.example'); RecipientStatus = @($script:led, $script:led)
        }
        $script:trace = [pscustomobject]@{
            Date = [datetime]::new(2026, 12, 1, 10, 2, 3); Event = 'Defer'; RecipientAddress = 'wes@fabrikam.example'; SenderAddress = 'lee@tailspin.example'; MessageTraceId = [guid]::NewGuid()
            Detail = 'Reason: [{LED=451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [PA1FRA01FT009.eop-fra01.prod.protection.outlook.com]};{MSG=};{FQDN=fabrikam-example.mail.protection.outlook.com};{IP=198.51.100.26};{LRT=12/1/2026 10:02:03 AM}]. OutboundProxyTargetIP: 198.51.100.26. OutboundProxyTargetHostName: fabrikam-example.mail.protection.outlook.com'
        }
        $script:queue = [pscustomobject]@{
            Identity = 'EX01\12345'; DeliveryType = 'DnsConnectorDelivery'; Status = 'Retry'; MessageCount = 12; NextHopDomain = 'fabrikam.example'
            LastRetryTime = [datetime]::new(2026, 12, 1, 10, 0, 0)
            LastError = '451 4.4.395 Target host responded with error. -> 451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. [KL1APC01FT012.eop-apc01.prod.protection.outlook.com]'
        }
    }

    It 'reads one line, several lines, and a reply alone' {
        (New-PostfixLine | Get-Attr35Event).LineNumber | Should -BeNullOrEmpty
        $many = ((New-PostfixLine -To 'a@fabrikam.example'), 'noise', (New-PostfixLine -To 'b@fabrikam.example')) -join "`n" | Get-Attr35Event
        $many.Recipient | Should -Be @('a@fabrikam.example', 'b@fabrikam.example')
        $many.LineNumber | Should -Be @(1, 3)
        $alone = $script:Attr35 | Get-Attr35Event
        $alone.Source | Should -Be 'Text'
        $alone.Region | Should -Be 'EUR'
        'a line with nothing in it' | Get-Attr35Event | Should -BeNullOrEmpty
    }

    It 'passes events through unchanged' {
        $e = New-PostfixLine | Get-Attr35Event
        $again = $e | Get-Attr35Event
        [object]::ReferenceEquals($e, $again) | Should -BeTrue
    }

    It 'reads Get-MessageTrackingLog: one event per recipient, relay from the FQDN and IP fields' {
        $events = @($script:tracking | Get-Attr35Event)
        $events.Recipient | Should -Be @('una@fabrikam.example', 'vic@fabrikam.example')
        $events[0].Source | Should -Be 'MessageTrackingLog'
        $events[0].Sender | Should -Be 'lee@tailspin.example'
        $events[0].Relay | Should -Be 'fabrikam-example.mail.protection.outlook.com'
        $events[0].RelayAddress | Should -Be '198.51.100.25'
        $events[0].Region | Should -Be 'DEU'
        $events[0].Reply | Should -Be '451 4.4.62 Mail sent to the wrong Microsoft 365 region. ATTR35. [FR2DEU01FT004.eop-deu01.prod.protection.outlook.com]'
        $events[0].Time.DateTime | Should -Be ([datetime]::new(2026, 12, 1, 10, 2, 3))
    }

    It 'reads Get-MessageTraceDetailV2 and says a Get-MessageTraceV2 summary has no reply' {
        $e = $script:trace | Get-Attr35Event
        $e.Source | Should -Be 'MessageTrace'
        $e.Recipient | Should -Be 'wes@fabrikam.example'
        $e.RelayAddress | Should -Be '198.51.100.26'
        $e.Region | Should -Be 'FRA'
        $summary = [pscustomobject]@{ Received = Get-Date; SenderAddress = 'lee@tailspin.example'; RecipientAddress = 'wes@fabrikam.example'; Subject = 'x'; Status = 'Pending'; MessageTraceId = [guid]::NewGuid() }
        $out = $summary | Get-Attr35Event -Verbose 4>&1
        @($out | Where-Object { $_ -is [ATTR35.Attr35Event] }) | Should -HaveCount 0
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'Get-MessageTraceDetailV2'
    }

    It 'reads Get-Queue LastError with the recipient domain from NextHopDomain, and Get-Message recipients' {
        $e = $script:queue | Get-Attr35Event
        $e.Source | Should -Be 'ExchangeQueue'
        $e.RecipientDomain | Should -Be 'fabrikam.example'
        $e.Region | Should -Be 'APC'
        $e.Time.DateTime | Should -Be ([datetime]::new(2026, 12, 1, 10, 0, 0))
        $e.DeliveryType | Should -Be 'DnsConnectorDelivery'
        $message = [pscustomobject]@{
            FromAddress = 'lee@tailspin.example'; DateReceived = Get-Date; Status = 'Retry'; LastError = $script:queue.LastError
            Recipients = @([pscustomobject]@{ Address = 'xia@fabrikam.example'; Status = 'Retry'; LastError = $script:queue.LastError }, [pscustomobject]@{ Address = 'yan@contoso.example'; Status = 'Ready'; LastError = $null })
        }
        $m = @($message | Get-Attr35Event)
        $m.Recipient | Should -Be 'xia@fabrikam.example'
        $m.Sender | Should -Be 'lee@tailspin.example'
        $m.DeliveryType | Should -BeNullOrEmpty
    }

    It 'reads the CSV and JSON exports of those objects' {
        $csv = Join-Path $script:work 'tracking.csv'
        $script:tracking | Select-Object Timestamp, EventId, Sender, @{ n = 'Recipients'; e = { $_.Recipients -join ';' } }, @{ n = 'RecipientStatus'; e = { $_.RecipientStatus[0] } } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $fromCsv = @(Import-Csv -LiteralPath $csv | Get-Attr35Event)
        $fromCsv[0].Recipient | Should -Be 'una@fabrikam.example'
        $fromCsv[0].Relay | Should -Be 'fabrikam-example.mail.protection.outlook.com'
        $fromCsv[0].Time | Should -Not -BeNullOrEmpty
        $queueCsv = $script:queue | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv | Get-Attr35Event
        $queueCsv.RecipientDomain | Should -Be 'fabrikam.example'
        $json = @($script:trace, $script:tracking) | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        $fromJson = @($json | Get-Attr35Event)
        $fromJson.Recipient | Should -Be @('wes@fabrikam.example', 'una@fabrikam.example', 'vic@fabrikam.example')
        $fromJson[0].Time | Should -Not -BeNullOrEmpty
    }

    It 'escapes control characters from the input and cuts Line at 4,000 characters' {
        $hostile = (New-PostfixLine -Reply ("451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. `e[2J`u{202E} [VE1EUR01FT034.eop-eur01.prod.protection.outlook.com]" + ('x' * 6000)))
        $e = $hostile | Get-Attr35Event
        $e.Line.Length | Should -BeLessOrEqual 4100
        $e.Reply | Should -Not -Match '[\p{Cc}\p{Cf}]'
        $e.Reply | Should -Match '\\u001B\[2J\\u202E'
    }
}
